package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.error.Reason;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * ExpireGrants at a period end removes exactly the expiring remainder and records
 * it. Time passes through the service's injected clock.
 */
@QuarkusTest
class ExpireGrantsTest extends WalletTest {

    @Test
    void atThePeriodEndExactlyTheExpiringRemainderIsRemovedAndRecorded() {
        String customer = newCustomer();
        Instant periodEnd = clock.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        String july = wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("1000"))
                        .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                        .setExpireTime(timestamp(periodEnd))
                        .setPeriodReference("sub_1/2025-07")
                        .setIdempotencyKey(newKey())
                        .build())
                .getGrant()
                .getGrantId();
        String august = wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("1000"))
                        .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                        .setExpireTime(timestamp(periodEnd.plus(Duration.ofDays(31))))
                        .setPeriodReference("sub_1/2025-08")
                        .setIdempotencyKey(newKey())
                        .build())
                .getGrant()
                .getGrantId();
        String pack = grant(customer, credits("500"), GrantSource.GRANT_SOURCE_PACK, null)
                .getGrant()
                .getGrantId();
        // the July grant expires first, so it is consumed first: 1000 - 300.25 = 699.75 left
        debit(customer, credits("300.25"));
        ExpireGrantsRequest atPeriodEnd = ExpireGrantsRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("CREDITS")
                .setExpireTime(timestamp(periodEnd))
                .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                .setIdempotencyKey(newKey())
                .build();

        long entriesBefore = LedgerInvariant.entryCount(database());
        assertThat(badFields(assertFails(() -> wallet.expireGrants(atPeriodEnd), Reason.VALIDATION_FAILED)))
                .containsExactly("expire_time");
        assertThat(LedgerInvariant.entryCount(database()))
                .as("nothing expires before its time")
                .isEqualTo(entriesBefore);

        clock.advance(Duration.ofDays(31));
        ExpireGrantsResponse expired = wallet.expireGrants(atPeriodEnd);

        assertThat(expired.getExpiredList()).singleElement().satisfies(e -> {
            assertThat(e.getGrant().getGrantId()).isEqualTo(july);
            assertThat(e.getExpiredAmount().getAmount()).isEqualTo("699.75");
            assertThat(e.getGrant().getRemainingAmount().getAmount()).isEqualTo("0");
            assertThat(e.getGrant().hasCloseTime()).isTrue();
        });
        assertThat(expired.getTotalExpired().getAmount()).isEqualTo("699.75");
        // 699.75 + 1000 + 500 - 699.75 = 1500
        Balance after = expired.getBalance();
        assertThat(after.getAvailable().getAmount()).isEqualTo("1500");
        assertThat(after.getGrantsList()).extracting(g -> g.getGrantId()).containsExactly(august, pack);
        assertThat(balance(customer, "CREDITS")).isEqualTo(after);

        Transaction expiry = wallet.listTransactions(ListTransactionsRequest.newBuilder()
                        .setCustomerId(customer)
                        .addTypes(TransactionType.TRANSACTION_TYPE_EXPIRY)
                        .build())
                .getTransactions(0);
        assertThat(expiry.getGrantId()).isEqualTo(july);
        assertThat(expiry.getAmount().getAmount()).isEqualTo("699.75");
        assertThat(expiry.getBalanceAfter().getAmount()).isEqualTo("1500");
        assertThat(expiry.getIdempotencyKey()).isEqualTo(atPeriodEnd.getIdempotencyKey());

        ExpireGrantsResponse replay = wallet.expireGrants(atPeriodEnd);
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.toBuilder().setDuplicate(false).build()).isEqualTo(expired);

        ExpireGrantsResponse again = wallet.expireGrants(
                atPeriodEnd.toBuilder().setIdempotencyKey(newKey()).build());
        assertThat(again.getExpiredList()).isEmpty();
        assertThat(again.getTotalExpired().getAmount()).isEqualTo("0");
        assertThat(again.getBalance().getVersion()).as("nothing changed").isEqualTo(after.getVersion());
    }

    @Test
    void onlyTheRequestedPeriodExpires() {
        String customer = newCustomer();
        Instant end = clock.instant().plus(Duration.ofDays(1));
        for (String period : new String[] {"sub_2/2025-07", "sub_3/2025-07"}) {
            wallet.grantCredits(GrantCreditsRequest.newBuilder()
                    .setCustomerId(customer)
                    .setAmount(credits("10"))
                    .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                    .setExpireTime(timestamp(end))
                    .setPeriodReference(period)
                    .setIdempotencyKey(newKey())
                    .build());
        }
        clock.advance(Duration.ofDays(2));

        ExpireGrantsResponse expired = wallet.expireGrants(ExpireGrantsRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("CREDITS")
                .setExpireTime(timestamp(end))
                .setPeriodReference("sub_3/2025-07")
                .setIdempotencyKey(newKey())
                .build());

        assertThat(expired.getExpiredList())
                .extracting(e -> e.getGrant().getPeriodReference())
                .containsExactly("sub_3/2025-07");
        // sub_2's 10 is past its expiry too: no longer available, but still on the ledger (lapsed)
        // until ExpireGrants removes it
        assertThat(expired.getBalance().getAvailable().getAmount()).isEqualTo("0");
        assertThat(expired.getBalance().getLapsed().getAmount()).isEqualTo("10");
    }
}
