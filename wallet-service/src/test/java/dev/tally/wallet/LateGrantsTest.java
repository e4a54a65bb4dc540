package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.error.Reason;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A period's grant made after the period ended (its maker was down across the period end), through
 * the API: period N = [start, end) ended an hour ago; N's grant is created now with N's window. It
 * pays N's outstanding shortfall, late debits of N consume it, it is never available, and an
 * expire_time beyond the late-grant limit (7 days by default) is refused.
 */
@QuarkusTest
class LateGrantsTest extends WalletTest {

    private Instant start;
    private Instant end;
    private String customer;

    @BeforeEach
    void periodNEndedAnHourAgo() {
        end = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        start = end.minus(Duration.ofDays(30));
        customer = newCustomer();
    }

    @Test
    void aLateGrantPaysItsWindowsShortfallAndLateDebitsButIsNeverAvailable() {
        // no grant yet: N's usage of 30 and N+1's usage of 4 are shortfall
        assertThat(debitAt(customer, credits("30"), end.minus(Duration.ofDays(2)))
                        .getShortfall()
                        .getAmount())
                .isEqualTo("30");
        assertThat(debitAt(customer, credits("4"), end.plusSeconds(60))
                        .getShortfall()
                        .getAmount())
                .isEqualTo("4");

        GrantCreditsResponse late = grant(customer, credits("1000"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, start, end);
        // it pays N's 30 (1000 - 30 = 970 left), never N+1's 4
        assertThat(late.getShortfallSettled().getAmount()).isEqualTo("30");
        assertThat(late.getGrant().getRemainingAmount().getAmount()).isEqualTo("970");
        assertThat(late.getGrant().getExpireTime()).isEqualTo(timestamp(end));
        // lapsed from its creation: not granted, not available; N+1's 4 still owed (unbilled: no
        // grant in force would pay it)
        assertThat(late.getBalance().getGranted().getAmount()).isEqualTo("0");
        assertThat(late.getBalance().getLapsed().getAmount()).isEqualTo("970");
        assertThat(late.getBalance().getShortfall().getAmount()).isEqualTo("4");
        assertThat(late.getBalance().getUnbilledShortfall().getAmount()).isEqualTo("4");
        assertThat(late.getBalance().getAvailable().getAmount()).isEqualTo("0");

        // a late debit of N consumes it; a debit of now does not
        DebitResponse lateN = debitAt(customer, credits("5"), end.minusSeconds(1));
        assertThat(lateN.getConsumptionsList())
                .extracting(GrantConsumption::getGrantId)
                .containsExactly(late.getGrant().getGrantId());
        assertThat(lateN.getShortfall().getAmount()).isEqualTo("0");
        assertThat(debit(customer, credits("1")).getShortfall().getAmount()).isEqualTo("1");
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getLapsed().getAmount()).isEqualTo("965");
        assertThat(balance.getUnbilledShortfall().getAmount()).isEqualTo("5"); // 4 + 1
        assertThat(balance.getAvailable().getAmount()).isEqualTo("0");

        // ExpireGrants at N's end removes the remainder
        assertThat(wallet.expireGrants(ExpireGrantsRequest.newBuilder()
                                .setCustomerId(customer)
                                .setCurrencyCode("CREDITS")
                                .setExpireTime(timestamp(end))
                                .setIdempotencyKey(newKey())
                                .build())
                        .getTotalExpired()
                        .getAmount())
                .isEqualTo("965");
    }

    @Test
    void anExpireTimeBeyondTheLateGrantLimitIsRefused() {
        Instant limit = clock.instant().minus(Duration.ofDays(7));
        GrantCreditsRequest tooLate = GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits("10"))
                .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                .setEffectiveTime(timestamp(limit.minus(Duration.ofDays(30))))
                .setExpireTime(timestamp(limit.minusSeconds(60)))
                .setIdempotencyKey(newKey())
                .build();
        assertThat(badFields(assertFails(() -> wallet.grantCredits(tooLate), Reason.VALIDATION_FAILED)))
                .containsExactly("expire_time");
        assertThat(TestDatabase.get()
                        .queryLong(
                                database(),
                                "SELECT (SELECT count(*) FROM balance WHERE customer_id = '" + customer + "')"
                                        + " + (SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                                        + "')"))
                .as("no balance, no ledger entry")
                .isZero();

        // well inside the limit (6 days ago): accepted, lapsed
        GrantCreditsResponse accepted = grant(
                customer,
                credits("10"),
                GrantSource.GRANT_SOURCE_SUBSCRIPTION,
                limit.minus(Duration.ofDays(29)),
                limit.plus(Duration.ofDays(1)));
        assertThat(accepted.getBalance().getLapsed().getAmount()).isEqualTo("10");
        assertThat(accepted.getBalance().getAvailable().getAmount()).isEqualTo("0");
    }
}
