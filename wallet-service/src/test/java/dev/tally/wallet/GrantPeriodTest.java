package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.TimeRange;
import dev.tally.support.error.Reason;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A grant's billing period (GrantCreditsRequest.period): stored, returned on every Grant, part of
 * the idempotent payload, validated (both bounds, end after start).
 */
@QuarkusTest
class GrantPeriodTest extends WalletTest {

    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
    private final Instant end = start.plus(Duration.ofDays(30));

    private TimeRange range(Instant from, Instant to) {
        TimeRange.Builder range = TimeRange.newBuilder();
        if (from != null) {
            range.setStartTime(timestamp(from));
        }
        if (to != null) {
            range.setEndTime(timestamp(to));
        }
        return range.build();
    }

    private GrantCreditsRequest request(String customer, TimeRange period, String key) {
        return GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits("100"))
                .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                .setEffectiveTime(timestamp(start))
                .setExpireTime(timestamp(end))
                .setPeriodReference("sub_1/0")
                .setPeriod(period)
                .setIdempotencyKey(key)
                .build();
    }

    @Test
    void thePeriodIsStoredReturnedOnEveryGrantAndPartOfThePayload() {
        String customer = newCustomer();
        String key = newKey();
        GrantCreditsResponse granted = wallet.grantCredits(request(customer, range(start, end), key));
        assertThat(granted.getGrant().getPeriod()).isEqualTo(range(start, end));

        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getGrantsList())
                .singleElement()
                .satisfies(g -> assertThat(g.getPeriod()).isEqualTo(range(start, end)));

        // the same key and request: a replay with the period
        GrantCreditsResponse replay = wallet.grantCredits(request(customer, range(start, end), key));
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.getGrant().getPeriod()).isEqualTo(range(start, end));
        // the same key with another period: another request
        assertFails(
                () -> wallet.grantCredits(request(customer, range(start, end.plusSeconds(1)), key)),
                Reason.IDEMPOTENCY_KEY_REUSED);

        // a grant without a period has none
        assertThat(grant(customer, credits("1"), GrantSource.GRANT_SOURCE_PACK, null)
                        .getGrant()
                        .hasPeriod())
                .isFalse();
    }

    @Test
    void aPeriodNeedsBothBoundsAndEndsAfterItStarts() {
        String customer = newCustomer();
        assertThat(badFields(assertFails(
                        () -> wallet.grantCredits(request(customer, range(null, end), newKey())),
                        Reason.VALIDATION_FAILED)))
                .containsExactly("period.start_time");
        assertThat(badFields(assertFails(
                        () -> wallet.grantCredits(request(customer, range(start, null), newKey())),
                        Reason.VALIDATION_FAILED)))
                .containsExactly("period.end_time");
        assertThat(badFields(assertFails(
                        () -> wallet.grantCredits(request(customer, range(null, null), newKey())),
                        Reason.VALIDATION_FAILED)))
                .containsExactlyInAnyOrder("period.start_time", "period.end_time");
        assertThat(badFields(assertFails(
                        () -> wallet.grantCredits(request(customer, range(end, start), newKey())),
                        Reason.VALIDATION_FAILED)))
                .containsExactly("period.end_time");
        assertThat(badFields(assertFails(
                        () -> wallet.grantCredits(request(customer, range(start, start), newKey())),
                        Reason.VALIDATION_FAILED)))
                .containsExactly("period.end_time");
        // nothing stored: the customer has no wallet
        assertFails(
                () -> wallet.listTransactions(ListTransactionsRequest.newBuilder()
                        .setCustomerId(customer)
                        .build()),
                Reason.WALLET_NOT_FOUND);
    }
}
