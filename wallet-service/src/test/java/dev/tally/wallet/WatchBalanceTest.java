package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import dev.tally.wallet.v1.WatchBalanceResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * WatchBalance on one instance: snapshot, then every change with its ledger entries, BALANCE_LOW
 * on a threshold crossing (also recorded for delivery), units first held while watching, and
 * recovery after the LISTEN connection is lost. Cross-instance delivery: CrossInstanceWatchIT.
 */
@QuarkusTest
class WatchBalanceTest extends WalletTest {

    /** Generous: a busy machine may take seconds to deliver (the delay is measured by CrossInstanceWatchIT). */
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void aSnapshotThenEveryChangeWithItsEntries() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        try (Watch watch = watch(customer, "CREDITS")) {
            WatchBalanceResponse snapshot = watch.events().next(WITHIN);
            assertThat(snapshot.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_SNAPSHOT);
            assertThat(snapshot.getBalance().getAvailable().getAmount()).isEqualTo("100");
            assertThat(snapshot.getTransactionsList()).isEmpty();

            String debitId = debit(customer, credits("30.5")).getDebitId();
            WatchBalanceResponse changed = watch.events().next(WITHIN);
            assertThat(changed.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
            assertThat(changed.getBalance().getAvailable().getAmount()).isEqualTo("69.5");
            assertThat(changed.getBalance().getVersion())
                    .isEqualTo(snapshot.getBalance().getVersion() + 1);
            assertThat(changed.getTransactionsList())
                    .extracting(Transaction::getType, Transaction::getOperationId)
                    .containsExactly(tuple(TransactionType.TRANSACTION_TYPE_DEBIT, debitId));
        }
    }

    @Test
    void crossingTheThresholdEmitsBalanceLowAndRecordsIt() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        wallet.setLowBalanceThreshold(SetLowBalanceThresholdRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("CREDITS")
                .setThreshold(credits("20"))
                .setIdempotencyKey(newKey())
                .build());
        try (Watch watch = watch(customer, "")) {
            assertThat(watch.events()
                            .next(WITHIN)
                            .getBalance()
                            .getLowBalanceThreshold()
                            .getAmount())
                    .isEqualTo("20");

            debit(customer, credits("70")); // 30 left: not below 20
            assertThat(watch.events().next(WITHIN).getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
            assertThat(debit(customer, credits("15")).getBelowLowBalanceThreshold())
                    .isTrue(); // 15 < 20
            WatchBalanceResponse low = watch.events().next(WITHIN);
            assertThat(low.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_BALANCE_LOW);
            assertThat(low.getBalance().getAvailable().getAmount()).isEqualTo("15");
            assertThat(low.getBalance().getBelowLowBalanceThreshold()).isTrue();
            debit(customer, credits("1")); // already below: no new crossing
            assertThat(watch.events().next(WITHIN).getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
        }
        assertThat(TestDatabase.get()
                        .queryLong(
                                database(),
                                "SELECT count(*) FROM low_balance_event WHERE customer_id = '" + customer
                                        + "' AND available = 15 AND threshold = 20 AND deliver_time IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void aThresholdAboveTheBalanceIsLowAtOnce() {
        String customer = newCustomer();
        grant(customer, usd("5"), GrantSource.GRANT_SOURCE_PERIOD_BALANCE, null);
        try (Watch watch = watch(customer, "USD")) {
            watch.events().next(WITHIN);
            wallet.setLowBalanceThreshold(SetLowBalanceThresholdRequest.newBuilder()
                    .setCustomerId(customer)
                    .setCurrencyCode("USD")
                    .setThreshold(usd("10"))
                    .setIdempotencyKey(newKey())
                    .build());
            WatchBalanceResponse low = watch.events().next(WITHIN);
            assertThat(low.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_BALANCE_LOW);
            assertThat(low.getTransactionsList()).isEmpty();
        }
    }

    @Test
    void aUnitFirstHeldWhileWatchingIsReported() {
        String customer = newCustomer();
        grant(customer, credits("1"), GrantSource.GRANT_SOURCE_PROMO, null);
        try (Watch watch = watch(customer, "")) {
            assertThat(watch.events().next(WITHIN).getBalance().getCurrencyCode())
                    .isEqualTo("CREDITS");
            grant(customer, usd("12.34"), GrantSource.GRANT_SOURCE_TOP_UP, null);
            WatchBalanceResponse usd = watch.events().next(WITHIN);
            assertThat(usd.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
            assertThat(usd.getBalance().getCurrencyCode()).isEqualTo("USD");
            assertThat(usd.getBalance().getAvailable().getAmount()).isEqualTo("12.34");
        }
    }

    @Test
    void watchersCatchUpAfterTheListeningConnectionIsLost() {
        String customer = newCustomer();
        grant(customer, credits("10"), GrantSource.GRANT_SOURCE_PACK, null);
        try (Watch watch = watch(customer, "CREDITS")) {
            watch.events().next(WITHIN);
            cutTheListeningConnection();
            debit(customer, credits("4"));
            WatchBalanceResponse changed = watch.events().next(WITHIN);
            assertThat(changed.getBalance().getAvailable().getAmount()).isEqualTo("6");
        }
    }
}
