package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.error.Reason;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.job.HoldExpiryJob;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.HoldState;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Holds through the API: parallel reserves never overdraw, capture below and above the hold,
 * release, expiry by the service's job (with the injected clock), replays and refusals.
 */
@QuarkusTest
class HoldsTest extends WalletTest {

    @Inject
    HoldExpiryJob expiryJob;

    @Test
    void twentyParallelReservesAgainstABalanceCoveringFiveLetExactlyFiveThrough() throws Exception {
        String customer = newCustomer();
        grant(customer, credits("50"), GrantSource.GRANT_SOURCE_PACK, null);
        WalletServiceGrpc.WalletServiceFutureStub inFlight =
                WalletServiceGrpc.newFutureStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        List<Future<ReserveResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(inFlight.reserve(reserveRequest(customer, "10")));
        }
        int reserved = 0;
        int refused = 0;
        for (Future<ReserveResponse> call : calls) {
            try {
                assertThat(call.get().getHold().getState()).isEqualTo(HoldState.HOLD_STATE_ACTIVE);
                reserved++;
            } catch (ExecutionException e) {
                StatusRuntimeException failure = (StatusRuntimeException) e.getCause();
                assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(errorInfo(failure).getReason()).isEqualTo(Reason.INSUFFICIENT_FUNDS.name());
                refused++;
            }
        }
        // 50 / 10 = 5 holds fit
        assertThat(reserved).isEqualTo(5);
        assertThat(refused).isEqualTo(15);
        assertThat(balance(customer, "CREDITS").getHeld().getAmount()).isEqualTo("50");
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("0");
    }

    @Test
    void captureBelowAndAboveTheHold() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        ReserveResponse small = wallet.reserve(reserveRequest(customer, "40"));
        ReserveResponse big = wallet.reserve(reserveRequest(customer, "30"));
        // available = 100 - 40 - 30 = 30
        assertThat(big.getBalance().getAvailable().getAmount()).isEqualTo("30");

        CaptureResponse below = wallet.capture(captureRequest(customer, small, "25"));
        // held 70 - 40 = 30; the pack gives 25: available 75 - 30 = 45
        assertThat(below.getHold().getState()).isEqualTo(HoldState.HOLD_STATE_CAPTURED);
        assertThat(below.getHold().getCapturedAmount().getAmount()).isEqualTo("25");
        assertThat(below.getDebit().getCovered().getAmount()).isEqualTo("25");
        assertThat(below.getDebit().getBalanceAfter().getAmount()).isEqualTo("45");
        assertThat(below.getHold().getDebitId()).isEqualTo(below.getDebit().getDebitId());

        CaptureResponse above = wallet.capture(captureRequest(customer, big, "80"));
        // held 0; the pack has 75: covered 75, shortfall 5 (unbilled: a pack has no window), available 0
        assertThat(above.getDebit().getCovered().getAmount()).isEqualTo("75");
        assertThat(above.getDebit().getShortfall().getAmount()).isEqualTo("5");
        assertThat(above.getDebit().getBalanceAfter().getAmount()).isEqualTo("0");
        assertThat(balance(customer, "CREDITS").getHeld().getAmount()).isEqualTo("0");
        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .addTypes(TransactionType.TRANSACTION_TYPE_HOLD_RELEASE)
                                .build())
                        .getTransactionsList())
                .extracting(Transaction::getHoldId)
                .containsExactly(small.getHold().getHoldId(), big.getHold().getHoldId());
    }

    @Test
    void replaysReturnTheStoredAnswerAndEndedHoldsAreRefusedWithTheirReason() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        ReserveRequest reserve = reserveRequest(customer, "10");
        ReserveResponse held = wallet.reserve(reserve);
        assertThat(wallet.reserve(reserve))
                .isEqualTo(held.toBuilder().setDuplicate(true).build());

        CaptureRequest capture = captureRequest(customer, held, "4");
        CaptureResponse captured = wallet.capture(capture);
        CaptureResponse replay = wallet.capture(capture);
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.getDebit().getDuplicate()).isTrue();
        assertThat(replay.getDebit().getDebitId()).isEqualTo(captured.getDebit().getDebitId());
        assertFails(
                () -> wallet.capture(
                        capture.toBuilder().setIdempotencyKey(newKey()).build()),
                Reason.HOLD_CAPTURED);
        assertFails(() -> wallet.release(releaseRequest(customer, held)), Reason.HOLD_CAPTURED);

        ReserveResponse other = wallet.reserve(reserveRequest(customer, "20"));
        ReleaseRequest release = releaseRequest(customer, other);
        ReleaseResponse released = wallet.release(release);
        assertThat(released.getHold().getState()).isEqualTo(HoldState.HOLD_STATE_RELEASED);
        // 100 - 4 = 96 available again
        assertThat(released.getBalance().getAvailable().getAmount()).isEqualTo("96");
        assertThat(wallet.release(release))
                .isEqualTo(released.toBuilder().setDuplicate(true).build());
        assertFails(() -> wallet.capture(captureRequest(customer, other, "1")), Reason.HOLD_RELEASED);
        assertFails(
                () -> wallet.capture(captureRequest(customer, other, "1").toBuilder()
                        .setFinalAmount(usd("1"))
                        .build()),
                Reason.CURRENCY_MISMATCH);
        assertFails(() -> wallet.release(releaseRequest(newCustomer(), other)), Reason.RESOURCE_NOT_FOUND);
    }

    @Test
    void theServiceExpiresAnUnusedHoldAtItsExpireTime() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        ReserveResponse held = wallet.reserve(reserveRequest(customer, "60").toBuilder()
                .setExpireTime(timestamp(clock.instant().plus(Duration.ofMinutes(1))))
                .build());
        expiryJob.expireDue().await().indefinitely();
        assertThat(balance(customer, "CREDITS").getHeld().getAmount())
                .as("not due yet")
                .isEqualTo("60");

        clock.advance(Duration.ofMinutes(2));
        assertFails(() -> wallet.capture(captureRequest(customer, held, "1")), Reason.HOLD_EXPIRED);
        expiryJob.expireDue().await().indefinitely();

        assertThat(balance(customer, "CREDITS").getHeld().getAmount()).isEqualTo("0");
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("100");
        Transaction release = wallet.listTransactions(ListTransactionsRequest.newBuilder()
                        .setCustomerId(customer)
                        .addTypes(TransactionType.TRANSACTION_TYPE_HOLD_RELEASE)
                        .build())
                .getTransactions(0);
        assertThat(release.getHoldId()).isEqualTo(held.getHold().getHoldId());
        assertThat(release.getIdempotencyKey()).as("made by the service").isEmpty();
        assertThat(TestDatabase.get()
                        .queryLong(
                                database(),
                                "SELECT count(*) FROM hold WHERE hold_id = '"
                                        + held.getHold().getHoldId() + "' AND state = 'EXPIRED'"))
                .isEqualTo(1);
        assertFails(() -> wallet.capture(captureRequest(customer, held, "1")), Reason.HOLD_EXPIRED);
        long entries = TestDatabase.get()
                .queryLong(database(), "SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer + "'");
        expiryJob.expireDue().await().indefinitely();
        assertThat(TestDatabase.get()
                        .queryLong(
                                database(), "SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer + "'"))
                .as("expired once")
                .isEqualTo(entries);
    }

    private static ReserveRequest reserveRequest(String customer, String amount) {
        return ReserveRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits(amount))
                .setIdempotencyKey(newKey())
                .setReference("llm-" + newKey())
                .build();
    }

    private static CaptureRequest captureRequest(String customer, ReserveResponse held, String amount) {
        return CaptureRequest.newBuilder()
                .setCustomerId(customer)
                .setHoldId(held.getHold().getHoldId())
                .setFinalAmount(credits(amount))
                .setIdempotencyKey(newKey())
                .build();
    }

    private static ReleaseRequest releaseRequest(String customer, ReserveResponse held) {
        return ReleaseRequest.newBuilder()
                .setCustomerId(customer)
                .setHoldId(held.getHold().getHoldId())
                .setIdempotencyKey(newKey())
                .build();
    }
}
