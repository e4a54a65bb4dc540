package dev.tally.wallet;

import dev.tally.common.v1.Money;
import dev.tally.testing.StreamRecorder;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.WalletServiceGrpc;
import dev.tally.wallet.v1.WatchBalanceRequest;
import dev.tally.wallet.v1.WatchBalanceResponse;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4: a watcher connected to instance A sees a debit made through instance B within 1 s.
 * A and B are two processes of the packaged service on one database (PostgreSQL LISTEN/NOTIFY
 * carries the change between them).
 */
class CrossInstanceWatchIT {

    private static final Duration WITHIN_ONE_SECOND = Duration.ofSeconds(1);

    private static TwoReplicas replicas;

    @BeforeAll
    static void startTwoInstances() {
        replicas = TwoReplicas.start("wallet_it", Map.of());
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        replicas.close();
    }

    @Test
    void aWatcherOnInstanceASeesDebitsMadeThroughInstanceBWithinOneSecond() throws InterruptedException {
        ManagedChannel toA = replicas.toA;
        ManagedChannel toB = replicas.toB;
        Context.CancellableContext watching = Context.current().withCancellation();
        try {
            WalletServiceGrpc.WalletServiceBlockingStub walletB = WalletServiceGrpc.newBlockingStub(toB);
            String customer = "cust-it-" + System.nanoTime();
            walletB.grantCredits(GrantCreditsRequest.newBuilder().setCustomerId(customer).setAmount(credits("100"))
                    .setSource(GrantSource.GRANT_SOURCE_PACK).setIdempotencyKey("grant-1").build());

            StreamRecorder<WatchBalanceResponse> onA = new StreamRecorder<>();
            watching.run(() -> WalletServiceGrpc.newStub(toA).watchBalance(
                    WatchBalanceRequest.newBuilder().setCustomerId(customer).setCurrencyCode("CREDITS").build(), onA));
            WatchBalanceResponse snapshot = onA.next(Duration.ofSeconds(10));
            assertThat(snapshot.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_SNAPSHOT);
            assertThat(snapshot.getBalance().getAvailable().getAmount()).isEqualTo("100");

            for (int i = 1; i <= 3; i++) {
                DebitResponse debited = walletB.debit(DebitRequest.newBuilder().setCustomerId(customer)
                        .setAmount(credits("2.5")).setIdempotencyKey("debit-" + i).build());
                long committed = System.nanoTime();

                WatchBalanceResponse seenOnA = onA.next(WITHIN_ONE_SECOND);

                long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed);
                assertThat(latencyMillis).as("debit through B seen on A").isLessThanOrEqualTo(1000);
                assertThat(seenOnA.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
                assertThat(seenOnA.getBalance().getVersion()).isEqualTo(debited.getBalanceVersion());
                assertThat(seenOnA.getBalance().getAvailable()).isEqualTo(debited.getBalanceAfter());
                assertThat(seenOnA.getTransactions(0).getOperationId()).isEqualTo(debited.getDebitId());
            }
        } finally {
            watching.cancel(null);
        }
    }

    private static Money credits(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("CREDITS").build();
    }
}
