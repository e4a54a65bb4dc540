package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.common.v1.Money;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds across replicas: two processes of the packaged service on one database. Reserves sent
 * through both at once never together exceed the balance, and both replicas' expiry jobs release
 * an unused hold exactly once.
 */
class HoldReplicasIT {

    private static TwoReplicas replicas;
    private static ManagedChannel toA;
    private static ManagedChannel toB;

    @BeforeAll
    static void startTwoInstances() {
        replicas = TwoReplicas.start("wallet_holds_it", Map.of("TALLY_WALLET_HOLDS_EXPIRY_INTERVAL", "200ms"));
        toA = replicas.toA;
        toB = replicas.toB;
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        replicas.close();
    }

    @Test
    void reservesThroughTwoReplicasNeverTogetherExceedTheBalance() throws Exception {
        String customer = "cust-holds-" + System.nanoTime();
        WalletServiceGrpc.newBlockingStub(toA)
                .grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("50"))
                        .setSource(GrantSource.GRANT_SOURCE_PACK)
                        .setIdempotencyKey("grant")
                        .build());
        List<Future<ReserveResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ManagedChannel replica = i % 2 == 0 ? toA : toB;
            calls.add(WalletServiceGrpc.newFutureStub(replica)
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .reserve(ReserveRequest.newBuilder()
                            .setCustomerId(customer)
                            .setAmount(credits("10"))
                            .setIdempotencyKey("reserve-" + i)
                            .build()));
        }
        int reserved = 0;
        for (Future<ReserveResponse> call : calls) {
            try {
                call.get();
                reserved++;
            } catch (ExecutionException e) {
                assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION);
            }
        }
        // 50 / 10 = 5, whichever replica served them
        assertThat(reserved).isEqualTo(5);
        assertThat(held(toB, customer)).isEqualTo("50");
    }

    /**
     * Both replicas run the expiry job every 200 ms. The holds are made due without waiting for time
     * to pass: their expire time is moved back to their creation behind the services' backs.
     */
    @Test
    void bothReplicasExpiryJobsReleaseAnUnusedHoldOnce() {
        String customer = "cust-expiry-" + System.nanoTime();
        WalletServiceGrpc.WalletServiceBlockingStub walletA = WalletServiceGrpc.newBlockingStub(toA);
        walletA.grantCredits(GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits("50"))
                .setSource(GrantSource.GRANT_SOURCE_PACK)
                .setIdempotencyKey("grant")
                .build());
        for (int i = 0; i < 10; i++) {
            walletA.reserve(ReserveRequest.newBuilder()
                    .setCustomerId(customer)
                    .setAmount(credits("5"))
                    .setIdempotencyKey("short-" + i)
                    .build());
        }
        assertThat(held(toA, customer)).isEqualTo("50");
        TestDatabase db = TestDatabase.get();
        db.executeIn(
                replicas.database, "UPDATE hold SET expire_time = create_time WHERE customer_id = '" + customer + "'");

        await("the holds expire")
                .atMost(Waits.PATIENTLY)
                .until(() -> held(toB, customer).equals("0"));

        assertThat(db.queryLong(
                        replicas.database,
                        "SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                                + "' AND entry_type = 'HOLD_RELEASE'"))
                .as("each hold released once")
                .isEqualTo(10);
        assertThat(db.queryLong(
                        replicas.database,
                        "SELECT count(*) FROM hold WHERE customer_id = '" + customer + "' AND state = 'EXPIRED'"))
                .isEqualTo(10);
    }

    private static String held(ManagedChannel replica, String customer) {
        return WalletServiceGrpc.newBlockingStub(replica)
                .getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode("CREDITS")
                        .build())
                .getBalances(0)
                .getHeld()
                .getAmount();
    }

    private static Money credits(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("CREDITS").build();
    }
}
