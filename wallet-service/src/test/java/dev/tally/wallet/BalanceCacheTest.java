package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceView;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GrantSource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * GetBalance served from memory ({@code app.BalanceCache}) stays true: every change this replica
 * acknowledged is seen by the next read, a grant entering or leaving force changes the balance
 * without any write, and after the LISTEN connection was lost nothing cached before is served.
 * The cache may be dropped at any time (eviction, a listener reconnect): the tests assert what
 * reads show, never that they came from memory.
 * Across replicas: {@code CrossInstanceWatchIT}.
 */
@QuarkusTest
class BalanceCacheTest extends WalletTest {

    @Test
    void aReadNeverMissesAChangeThisReplicaAcknowledged() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        BigDecimal expected = new BigDecimal("100");
        for (int i = 0; i < 30; i++) {
            assertThat(available(customer)).isEqualByComparingTo(expected);
            assertThat(available(customer)).as("read again").isEqualByComparingTo(expected);
            switch (i % 3) {
                case 0 -> debit(customer, credits("1.5"));
                case 1 ->
                    wallet.debitBatch(DebitBatchRequest.newBuilder()
                            .addDebits(debitRequest(customer, credits("1.5"), newKey()))
                            .build());
                default -> grant(customer, credits("1.5"), GrantSource.GRANT_SOURCE_PACK, null);
            }
            expected = i % 3 == 2 ? expected.add(new BigDecimal("1.5")) : expected.subtract(new BigDecimal("1.5"));
            assertThat(available(customer)).as("right after change %d", i).isEqualByComparingTo(expected);
        }
    }

    @Test
    void aGrantEnteringOrLeavingForceChangesTheCachedBalanceWithoutAWrite() {
        String customer = newCustomer();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        grant(
                customer,
                credits("10"),
                GrantSource.GRANT_SOURCE_PROMO,
                now.minusSeconds(60),
                now.plus(Duration.ofHours(1)));
        grant(customer, credits("5"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, now.plus(Duration.ofHours(2)), null);
        Balance first = basic(customer);
        assertThat(first.getAvailable().getAmount()).isEqualTo("10");
        assertThat(first.getUpcoming().getAmount()).isEqualTo("5");
        assertThat(first.getGrantsList()).as("BASIC has no grants").isEmpty();
        assertThat(basic(customer)).as("read again").isEqualTo(first);

        clock.advance(Duration.ofMinutes(61));
        Balance expired = basic(customer);
        assertThat(expired.getAvailable().getAmount()).isEqualTo("0");
        assertThat(expired.getLapsed().getAmount()).isEqualTo("10");
        assertThat(expired.getUpcoming().getAmount()).isEqualTo("5");
        assertThat(expired.getVersion()).as("no write happened").isEqualTo(first.getVersion());

        clock.advance(Duration.ofHours(1));
        Balance effective = basic(customer);
        assertThat(effective.getAvailable().getAmount()).isEqualTo("5");
        assertThat(effective.getUpcoming().getAmount()).isEqualTo("0");
    }

    /**
     * What a replica cached may have missed changes while its LISTEN connection was down, so after
     * the connection was lost the reads show the stored state. The test changes a balance behind the
     * service's back (no notification), so only dropping the cache can show it. Whether that read came
     * from memory before the cut is not promised (the cache may be dropped at any time), so only the
     * outcome after it is asserted.
     */
    @Test
    void nothingCachedBeforeTheListeningConnectionWasLostIsServedAfterIt() {
        String customer = newCustomer();
        grant(customer, credits("10"), GrantSource.GRANT_SOURCE_PACK, null);
        assertThat(basic(customer).hasLowBalanceThreshold()).isFalse();
        TestDatabase.get()
                .executeIn(
                        database(),
                        "UPDATE balance SET low_balance_threshold = 3 WHERE customer_id = '" + customer + "'");

        cutTheListeningConnection();

        await("the read after the LISTEN connection was lost shows the stored threshold")
                .atMost(Waits.PATIENTLY)
                .until(() -> basic(customer).hasLowBalanceThreshold());
        assertThat(basic(customer).getLowBalanceThreshold().getAmount()).isEqualTo("3");
    }

    private BigDecimal available(String customer) {
        return new BigDecimal(basic(customer).getAvailable().getAmount());
    }

    private Balance basic(String customer) {
        return wallet.getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode("CREDITS")
                        .setView(BalanceView.BALANCE_VIEW_BASIC)
                        .build())
                .getBalances(0);
    }
}
