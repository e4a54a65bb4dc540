package dev.tally.wallet;

import dev.tally.common.v1.Money;
import dev.tally.testing.StreamRecorder;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4: a watcher connected to instance A sees a debit made through instance B within 1 s,
 * and so does GetBalance on A (served from A's memory).
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

    /**
     * GetBalance on A (served from A's memory) shows a debit made through B within the notification
     * delay: 50 times, read on A until it shows B's debit, timed from B's acknowledgement. The
     * delays are written to {@code target/cross-replica-balance-delay.txt}.
     */
    @Test
    void getBalanceOnInstanceAShowsADebitMadeThroughInstanceBWithinTheNotificationDelay() throws IOException {
        WalletServiceGrpc.WalletServiceBlockingStub walletA = WalletServiceGrpc.newBlockingStub(replicas.toA);
        WalletServiceGrpc.WalletServiceBlockingStub walletB = WalletServiceGrpc.newBlockingStub(replicas.toB);
        String customer = "cust-cache-" + System.nanoTime();
        walletB.grantCredits(GrantCreditsRequest.newBuilder().setCustomerId(customer).setAmount(credits("100"))
                .setSource(GrantSource.GRANT_SOURCE_PACK).setIdempotencyKey("grant-1").build());
        GetBalanceRequest read = GetBalanceRequest.newBuilder().setCustomerId(customer).setCurrencyCode("CREDITS").build();
        int rounds = 50;
        long[] delays = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long before = walletA.getBalance(read).getBalances(0).getVersion();
            assertThat(walletA.getBalance(read).getBalances(0).getVersion()).as("cached on A").isEqualTo(before);
            DebitResponse debited = walletB.debit(DebitRequest.newBuilder().setCustomerId(customer)
                    .setAmount(credits("0.5")).setIdempotencyKey("cached-debit-" + i).build());
            long acknowledged = System.nanoTime();
            long deadline = acknowledged + TimeUnit.SECONDS.toNanos(1);
            Balance seen = walletA.getBalance(read).getBalances(0);
            while (seen.getVersion() < debited.getBalanceVersion() && System.nanoTime() < deadline) {
                seen = walletA.getBalance(read).getBalances(0);
            }
            delays[i] = System.nanoTime() - acknowledged;
            assertThat(seen.getVersion()).as("debit %d through B seen on A within 1 s", i)
                    .isEqualTo(debited.getBalanceVersion());
            assertThat(seen.getAvailable()).isEqualTo(debited.getBalanceAfter());
        }
        Arrays.sort(delays);
        String report = String.format(Locale.ROOT,
                "GetBalance on replica A after a Debit acknowledged by replica B (%d rounds): p50 %.2f ms, p90 %.2f ms,"
                        + " max %.2f ms; load average %s%n",
                rounds, delays[rounds / 2] / 1e6, delays[rounds * 9 / 10] / 1e6, delays[rounds - 1] / 1e6,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.print(report);
        Files.writeString(Path.of("target", "cross-replica-balance-delay.txt"), report);
    }

    private static Money credits(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("CREDITS").build();
    }
}
