package dev.tally.usage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageServiceGrpc;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3, with the packaged usage-service and the real wallet-service as processes: the
 * wallet is down, 100 events are accepted (PENDING), usage-service itself restarts meanwhile, the
 * wallet comes back, the outbox drains, the balance is exact and no event is debited twice.
 */
class WalletDownIT {

    @Test
    void eventsAcceptedWhileTheWalletIsDownAreDebitedExactlyOnceWhenItIsBack() throws Exception {
        try (UsageSystem system = new UsageSystem("walletdown")) {
            system.startWallet();
            String customer = system.creditsCustomer("it-down-", "1500");
            system.startUsage();

            system.wallet.kill();
            ManagedChannel toUsage = system.channel(system.usagePort);
            var usage = UsageServiceGrpc.newBlockingStub(toUsage);
            for (int i = 0; i < 100; i++) {
                TrackResponse r = usage.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .track(TrackRequest.newBuilder()
                                .setCustomerId(customer)
                                .setFeatureCode("image")
                                .setValue("1")
                                .setIdempotencyKey("e-" + i)
                                .build());
                assertThat(r.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_PENDING);
            }
            toUsage.shutdownNow();
            assertThat(system.usageSql("SELECT count(*) FROM wallet_outbox")).isEqualTo(100);

            // usage-service restarts while the wallet is still down: the outbox is in the database
            system.usage.close();
            system.startUsage();
            system.startWallet();
            await("the outbox to drain")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> system.usageSql("SELECT count(*) FROM wallet_outbox") == 0);

            assertThat(system.usageSql("SELECT count(*) FROM usage_event WHERE debit_status = 'APPLIED'"))
                    .isEqualTo(100);
            // one debit per event (the event id is the key), 100 × 10 credits = 1000 of 1500
            assertThat(system.walletSql("SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                            + "' AND entry_type = 'DEBIT'"))
                    .isEqualTo(100);
            assertThat(system.walletSql("SELECT count(DISTINCT reference) FROM ledger_entry WHERE customer_id = '"
                            + customer + "' AND entry_type = 'DEBIT'"))
                    .isEqualTo(100);
            ManagedChannel again = system.channel(system.walletPort);
            String available = WalletServiceGrpc.newBlockingStub(again)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getBalance(GetBalanceRequest.newBuilder()
                            .setCustomerId(customer)
                            .setCurrencyCode("CREDITS")
                            .build())
                    .getBalances(0)
                    .getAvailable()
                    .getAmount();
            again.shutdownNow();
            assertThat(available).isEqualTo("500");
        }
    }
}
