package dev.tally.testing.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import dev.tally.common.v1.ErrorReason;
import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceView;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.HoldState;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * What the services calling wallet-service rely on, as cases run both against the real
 * wallet-service and against {@link FakeWallet}, so the fake stays honest: a test class implements
 * this interface and says how to reach the wallet and move its clock.
 * <pre>{@code
 * class FakeWalletContractTest implements WalletContract { ... }          // test-support
 * class WalletContractTest extends WalletTest implements WalletContract { ... }   // wallet-service
 * }</pre>
 * Each case uses new customers and asserts only what the contract promises (no ids, no versions
 * beyond "rises", no wall-clock time passing: times are set relative to the wallet's {@link #now}).
 */
public interface WalletContract {

    /** A stub of the wallet under test (each call with its own deadline). */
    WalletServiceGrpc.WalletServiceBlockingStub wallet();

    /** The wallet's clock. */
    Instant now();

    /** Moves the wallet's clock forward. */
    void advanceClock(Duration by);

    @Test
    default void aDebitWithoutGrantsOpensTheWalletAndIsOwedInFull() {
        String customer = newCustomer();
        DebitResponse debit = wallet().debit(debit(customer, "12.5", newKey()));
        assertThat(debit.getCovered().getAmount()).isEqualTo("0");
        assertThat(debit.getShortfall().getAmount()).isEqualTo("12.5");
        // no grant in force would pay it: unbilled, available stays 0
        assertThat(debit.getBalanceAfter().getAmount()).isEqualTo("0");
        assertThat(debit.getDuplicate()).isFalse();
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getShortfall().getAmount()).isEqualTo("12.5");
        assertThat(balance.getUnbilledShortfall().getAmount()).isEqualTo("12.5");
        assertThat(balance.hasUnbilledShortfallTimeRange()).isTrue();
        assertThat(balance.getAvailable().getAmount()).isEqualTo("0");
    }

    @Test
    default void shortfallOutsideTheGrantsInForceIsUnbilledAndNeverReducesAvailable() {
        String customer = newCustomer();
        Instant end = now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofDays(30));
        Instant overspent = end.minus(Duration.ofMinutes(1));
        // period N ended an hour ago (its grant made late); N+1's grant is in force now
        grant(customer, "10", GrantSource.GRANT_SOURCE_PERIOD_BALANCE, start, end, 0);
        grant(customer, "20", GrantSource.GRANT_SOURCE_PERIOD_BALANCE, end, end.plus(Duration.ofDays(30)), 0);
        DebitResponse overN = wallet().debit(debit(customer, "13.10", newKey()).toBuilder()
                .setOccurredTime(timestamp(overspent))
                .build());
        assertThat(overN.getShortfall().getAmount()).isEqualTo("3.1");
        assertThat(overN.getBalanceAfter().getAmount()).as("N+1's full 20").isEqualTo("20");
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getShortfall().getAmount()).isEqualTo("3.1");
        assertThat(balance.getUnbilledShortfall().getAmount()).isEqualTo("3.1");
        assertThat(balance.getUnbilledShortfallTimeRange())
                .isEqualTo(TimeRange.newBuilder()
                        .setStartTime(timestamp(overspent))
                        .setEndTime(timestamp(overspent.plusNanos(1000)))
                        .build());
        assertThat(balance.getAvailable().getAmount()).isEqualTo("20");
        ReserveResponse all = wallet().reserve(reserve(customer, "20", newKey()));
        assertThat(all.getBalance().getAvailable().getAmount()).isEqualTo("0");
        wallet().release(ReleaseRequest.newBuilder()
                .setCustomerId(customer)
                .setHoldId(all.getHold().getHoldId())
                .setIdempotencyKey(newKey())
                .build());
        // N+1 overspent (its grant used up, in force): owed, not unbilled
        assertThat(wallet().debit(debit(customer, "21", newKey()))
                        .getBalanceAfter()
                        .getAmount())
                .isEqualTo("-1");
        // N's invoice claims the 3.1: nothing unbilled, available unchanged
        SettleShortfallResponse invoiceN = wallet().settleShortfall(SettleShortfallRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("CREDITS")
                .setReference("inv-N")
                .setIdempotencyKey(newKey())
                .setTimeRange(
                        TimeRange.newBuilder().setStartTime(timestamp(start)).setEndTime(timestamp(end)))
                .build());
        assertThat(invoiceN.getSettled().getAmount()).isEqualTo("3.1");
        assertThat(invoiceN.getBalance().getUnbilledShortfall().getAmount()).isEqualTo("0");
        assertThat(invoiceN.getBalance().hasUnbilledShortfallTimeRange()).isFalse();
        assertThat(invoiceN.getBalance().getAvailable().getAmount()).isEqualTo("-1");
    }

    @Test
    default void aLateGrantPaysItsWindowAndIsBoundedByTheLateGrantLimit() {
        String customer = newCustomer();
        Instant end = now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofDays(30));
        wallet().debit(debit(customer, "30", newKey()).toBuilder()
                .setOccurredTime(timestamp(end.minus(Duration.ofDays(1))))
                .build());
        GrantCreditsResponse late = grant(customer, "100", GrantSource.GRANT_SOURCE_SUBSCRIPTION, start, end, 0);
        assertThat(late.getShortfallSettled().getAmount()).isEqualTo("30");
        assertThat(late.getBalance().getLapsed().getAmount()).isEqualTo("70");
        assertThat(late.getBalance().getAvailable().getAmount()).isEqualTo("0");
        Instant tooLate = now().minus(Duration.ofDays(7)).minus(Duration.ofMinutes(1));
        assertRefused(
                () -> grant(customer, "1", GrantSource.GRANT_SOURCE_SUBSCRIPTION, start, tooLate, 0),
                Status.Code.INVALID_ARGUMENT,
                ErrorReason.VALIDATION_FAILED);
    }

    @Test
    default void aGrantCarriesItsPeriodWhichNeedsBothBoundsInOrder() {
        String customer = newCustomer();
        Instant start = now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofDays(30));
        TimeRange period = TimeRange.newBuilder()
                .setStartTime(timestamp(start))
                .setEndTime(timestamp(end))
                .build();
        GrantCreditsRequest request = GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits("10"))
                .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                .setEffectiveTime(timestamp(start))
                .setExpireTime(timestamp(end))
                .setPeriodReference("sub_1/0")
                .setPeriod(period)
                .setIdempotencyKey(newKey())
                .build();
        assertThat(wallet().grantCredits(request).getGrant().getPeriod()).isEqualTo(period);
        assertThat(balance(customer, "CREDITS").getGrants(0).getPeriod()).isEqualTo(period);
        assertRefused(
                () -> wallet().grantCredits(request.toBuilder()
                        .setPeriod(period.toBuilder().setEndTime(timestamp(start)))
                        .setIdempotencyKey(newKey())
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                ErrorReason.VALIDATION_FAILED);
        assertRefused(
                () -> wallet().grantCredits(request.toBuilder()
                        .setPeriod(period.toBuilder().clearStartTime())
                        .setIdempotencyKey(newKey())
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                ErrorReason.VALIDATION_FAILED);
    }

    @Test
    default void aDebitConsumesTheGrantsInForceAtItsTimeLowestPriorityThenSoonestExpiryFirst() {
        String customer = newCustomer();
        Instant now = now();
        String pack = grant(customer, "50", GrantSource.GRANT_SOURCE_PACK, now.minus(Duration.ofDays(1)), null, 1)
                .getGrant()
                .getGrantId();
        String subscription = grant(
                        customer,
                        "30",
                        GrantSource.GRANT_SOURCE_SUBSCRIPTION,
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(10)),
                        1)
                .getGrant()
                .getGrantId();
        String promo = grant(
                        customer,
                        "20",
                        GrantSource.GRANT_SOURCE_PROMO,
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(20)),
                        0)
                .getGrant()
                .getGrantId();
        grant(customer, "1000", GrantSource.GRANT_SOURCE_SUBSCRIPTION, now.plus(Duration.ofDays(1)), null, 0);

        // promo (priority 0) 20, then the subscription (priority 1, expires first) 30, then the pack 10
        // of 50; next period's grant (effective tomorrow) is not in force: 20 + 30 + 10 = 60 covered
        DebitResponse debit = wallet().debit(debit(customer, "60", newKey()).toBuilder()
                .setOccurredTime(timestamp(now.minus(Duration.ofMinutes(1))))
                .build());
        assertThat(debit.getCovered().getAmount()).isEqualTo("60");
        assertThat(debit.getShortfall().getAmount()).isEqualTo("0");
        assertThat(debit.getConsumptionsList())
                .extracting(c -> c.getGrantId() + " " + c.getAmount().getAmount() + " "
                        + c.getRemainingAfter().getAmount())
                .containsExactly(promo + " 20 0", subscription + " 30 0", pack + " 10 40");
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getAvailable().getAmount()).isEqualTo("40");
        assertThat(balance.getUpcoming().getAmount()).isEqualTo("1000");
        assertThat(balance.getGrantsList()).extracting(g -> g.getGrantId()).contains(pack);
    }

    @Test
    default void aRepeatedKeyReplaysTheFirstAnswerAndAnotherRequestWithItIsRefused() {
        String customer = newCustomer();
        grant(customer, "100", GrantSource.GRANT_SOURCE_PACK, now().minus(Duration.ofDays(1)), null, 0);
        String key = newKey();
        DebitResponse first = wallet().debit(debit(customer, "10", key));
        DebitResponse again = wallet().debit(debit(customer, "10", key));
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.toBuilder().setDuplicate(false).build()).isEqualTo(first);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount())
                .as("debited once")
                .isEqualTo("90");

        assertRefused(
                () -> wallet().debit(debit(customer, "11", key)),
                Status.Code.ALREADY_EXISTS,
                ErrorReason.IDEMPOTENCY_KEY_REUSED);
        assertRefused(
                () -> wallet().topUp(TopUpRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(usd("5"))
                        .setIdempotencyKey(key)
                        .build()),
                Status.Code.ALREADY_EXISTS,
                ErrorReason.IDEMPOTENCY_KEY_REUSED);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("90");
    }

    @Test
    default void aDebitBatchAnswersPerItemAndARetriedBatchChangesNothing() {
        String customer = newCustomer();
        String other = newCustomer();
        grant(customer, "10", GrantSource.GRANT_SOURCE_PACK, now().minus(Duration.ofDays(1)), null, 0);
        String reused = newKey();
        wallet().debit(debit(customer, "1", reused));
        DebitBatchRequest batch = DebitBatchRequest.newBuilder()
                .addDebits(debit(customer, "4", newKey()))
                .addDebits(debit(other, "2", newKey()))
                .addDebits(debit(customer, "2", reused))
                .build();

        DebitBatchResponse first = wallet().debitBatch(batch);
        assertThat(first.getResults(0).getDebit().getCovered().getAmount()).isEqualTo("4");
        assertThat(first.getResults(1).getDebit().getShortfall().getAmount())
                .as("a new customer owes it")
                .isEqualTo("2");
        assertThat(first.getResults(2).getError().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS.value());
        assertThat(first.getResults(2).getError().getReason()).isEqualTo(ErrorReason.IDEMPOTENCY_KEY_REUSED.name());

        DebitBatchResponse retried = wallet().debitBatch(batch);
        assertThat(retried.getResults(0).getDebit().getDuplicate()).isTrue();
        assertThat(retried.getResults(0).getDebit().getDebitId())
                .isEqualTo(first.getResults(0).getDebit().getDebitId());
        assertThat(retried.getResults(1).getDebit().getDuplicate()).isTrue();
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("5");
        assertThat(balance(other, "CREDITS").getAvailable().getAmount())
                .as("no grant in force would pay it: unbilled")
                .isEqualTo("0");
        assertThat(balance(other, "CREDITS").getUnbilledShortfall().getAmount()).isEqualTo("2");
    }

    @Test
    default void aNewGrantPaysTheShortfallItMayPay() {
        String customer = newCustomer();
        Instant now = now();
        wallet().debit(debit(customer, "30", newKey()).toBuilder()
                .setOccurredTime(timestamp(now.minus(Duration.ofDays(2))))
                .build());
        // a grant in force from yesterday only may not pay shortfall of two days ago
        GrantCreditsResponse period = grant(
                customer,
                "100",
                GrantSource.GRANT_SOURCE_SUBSCRIPTION,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(10)),
                0);
        assertThat(period.getShortfallSettled().getAmount()).isEqualTo("0");
        assertThat(period.getBalance().getShortfall().getAmount()).isEqualTo("30");
        // a top-up (no expiry) pays any shortfall
        TopUpResponse topUp = wallet().topUp(TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("5"))
                .setIdempotencyKey(newKey())
                .build());
        assertThat(topUp.getShortfallSettled().getAmount())
                .as("another unit's shortfall")
                .isEqualTo("0");
        GrantCreditsResponse pack = grant(customer, "50", GrantSource.GRANT_SOURCE_PACK, now, null, 0);
        assertThat(pack.getShortfallSettled().getAmount()).isEqualTo("30");
        assertThat(pack.getGrant().getRemainingAmount().getAmount())
                .as("50 - 30 paid")
                .isEqualTo("20");
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getShortfall().getAmount()).isEqualTo("0");
        assertThat(balance.getAvailable().getAmount()).as("100 + 50 - 30").isEqualTo("120");
    }

    @Test
    default void aReserveBeyondTheAvailableBalanceIsRefusedAndAHoldIsMadeOnce() {
        String customer = newCustomer();
        assertRefused(
                () -> wallet().reserve(reserve(customer, "1", newKey())),
                Status.Code.FAILED_PRECONDITION,
                ErrorReason.INSUFFICIENT_FUNDS);
        grant(customer, "15", GrantSource.GRANT_SOURCE_PACK, now().minus(Duration.ofDays(1)), null, 0);
        String key = newKey();
        ReserveResponse hold = wallet().reserve(reserve(customer, "10", key));
        assertThat(hold.getHold().getState()).isEqualTo(HoldState.HOLD_STATE_ACTIVE);
        assertThat(hold.getBalance().getHeld().getAmount()).isEqualTo("10");
        assertThat(hold.getBalance().getAvailable().getAmount()).isEqualTo("5");
        ReserveResponse again = wallet().reserve(reserve(customer, "10", key));
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getHold().getHoldId()).isEqualTo(hold.getHold().getHoldId());
        StatusRuntimeException refused = assertRefused(
                () -> wallet().reserve(reserve(customer, "6", newKey())),
                Status.Code.FAILED_PRECONDITION,
                ErrorReason.INSUFFICIENT_FUNDS);
        assertThat(errorInfo(refused).getMetadataMap())
                .containsEntry("available", "5")
                .containsEntry("requested", "6");
        assertThat(balance(customer, "CREDITS").getHeld().getAmount()).isEqualTo("10");
    }

    @Test
    default void aCaptureDebitsTheFinalAmountOnceAndEndsTheHold() {
        String customer = newCustomer();
        grant(customer, "20", GrantSource.GRANT_SOURCE_PACK, now().minus(Duration.ofDays(1)), null, 0);
        String holdId =
                wallet().reserve(reserve(customer, "10", newKey())).getHold().getHoldId();
        CaptureRequest capture = CaptureRequest.newBuilder()
                .setCustomerId(customer)
                .setHoldId(holdId)
                .setFinalAmount(credits("25"))
                .setIdempotencyKey(newKey())
                .build();

        CaptureResponse captured = wallet().capture(capture);
        assertThat(captured.getHold().getState()).isEqualTo(HoldState.HOLD_STATE_CAPTURED);
        assertThat(captured.getDebit().getCovered().getAmount()).isEqualTo("20");
        assertThat(captured.getDebit().getShortfall().getAmount())
                .as("above the hold and the grants")
                .isEqualTo("5");
        CaptureResponse again = wallet().capture(capture);
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getDebit().getDuplicate()).isTrue();
        assertThat(again.getDebit().getDebitId()).isEqualTo(captured.getDebit().getDebitId());

        assertRefused(
                () -> wallet().capture(
                                capture.toBuilder().setIdempotencyKey(newKey()).build()),
                Status.Code.FAILED_PRECONDITION,
                ErrorReason.HOLD_CAPTURED);
        assertRefused(
                () -> wallet().capture(capture.toBuilder()
                        .setIdempotencyKey(newKey())
                        .setHoldId(UUID.randomUUID().toString())
                        .build()),
                Status.Code.NOT_FOUND,
                ErrorReason.RESOURCE_NOT_FOUND);
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getHeld().getAmount()).isEqualTo("0");
        // a pack has no window: the 5 it could not cover waits for its invoice (or the next pack)
        assertThat(balance.getAvailable().getAmount()).isEqualTo("0");
        assertThat(balance.getUnbilledShortfall().getAmount()).isEqualTo("5");
    }

    @Test
    default void aReleaseEndsTheHoldWithoutADebit() {
        String customer = newCustomer();
        grant(customer, "20", GrantSource.GRANT_SOURCE_PACK, now().minus(Duration.ofDays(1)), null, 0);
        String holdId =
                wallet().reserve(reserve(customer, "10", newKey())).getHold().getHoldId();
        ReleaseRequest release = ReleaseRequest.newBuilder()
                .setCustomerId(customer)
                .setHoldId(holdId)
                .setIdempotencyKey(newKey())
                .build();
        assertThat(wallet().release(release).getHold().getState()).isEqualTo(HoldState.HOLD_STATE_RELEASED);
        assertThat(wallet().release(release).getDuplicate()).isTrue();
        assertRefused(
                () -> wallet().release(
                                release.toBuilder().setIdempotencyKey(newKey()).build()),
                Status.Code.FAILED_PRECONDITION,
                ErrorReason.HOLD_RELEASED);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("20");
    }

    @Test
    default void aReversalReturnsWhatTheDebitTookAndCancelsItsShortfallOnce() {
        String customer = newCustomer();
        grant(customer, "10", GrantSource.GRANT_SOURCE_PACK, now().minus(Duration.ofDays(1)), null, 0);
        DebitResponse debit = wallet().debit(debit(customer, "14", newKey()));
        ReverseDebitRequest reverse = ReverseDebitRequest.newBuilder()
                .setCustomerId(customer)
                .setDebitId(debit.getDebitId())
                .setReason("voided")
                .setIdempotencyKey(newKey())
                .build();

        ReverseDebitResponse reversed = wallet().reverseDebit(reverse);
        assertThat(reversed.getReturnedTotal().getAmount()).isEqualTo("10");
        assertThat(reversed.getShortfallCancelled().getAmount()).isEqualTo("4");
        assertThat(reversed.getBalance().getAvailable().getAmount()).isEqualTo("10");
        assertThat(wallet().reverseDebit(reverse).getDuplicate()).isTrue();
        assertRefused(
                () -> wallet().reverseDebit(
                                reverse.toBuilder().setIdempotencyKey(newKey()).build()),
                Status.Code.FAILED_PRECONDITION,
                ErrorReason.DEBIT_ALREADY_REVERSED);
        assertRefused(
                () -> wallet().reverseDebit(reverse.toBuilder()
                        .setIdempotencyKey(newKey())
                        .setDebitId(UUID.randomUUID().toString())
                        .build()),
                Status.Code.NOT_FOUND,
                ErrorReason.RESOURCE_NOT_FOUND);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount())
                .as("refunded once")
                .isEqualTo("10");
    }

    @Test
    default void settleShortfallClaimsExactlyTheShortfallOfThePeriodOnce() {
        String customer = newCustomer();
        Instant end = now().minus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofDays(30));
        wallet().debit(debit(customer, "7", newKey()).toBuilder()
                .setOccurredTime(timestamp(start.minus(Duration.ofDays(1))))
                .build());
        wallet().debit(debit(customer, "3", newKey()).toBuilder()
                .setOccurredTime(timestamp(start.plus(Duration.ofDays(1))))
                .build());
        wallet().debit(debit(customer, "2", newKey()).toBuilder()
                .setOccurredTime(timestamp(end.minus(Duration.ofMinutes(1))))
                .build());
        wallet().debit(debit(customer, "5", newKey()).toBuilder()
                .setOccurredTime(timestamp(end))
                .build());
        SettleShortfallRequest settle = SettleShortfallRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("CREDITS")
                .setReference("inv-1")
                .setIdempotencyKey(newKey())
                .setTimeRange(
                        TimeRange.newBuilder().setStartTime(timestamp(start)).setEndTime(timestamp(end)))
                .build();

        SettleShortfallResponse settled = wallet().settleShortfall(settle);
        assertThat(settled.getSettled().getAmount())
                .as("3 + 2: not before start, not at end")
                .isEqualTo("5");
        assertThat(settled.getSettledDebitCount()).isEqualTo(2);
        assertThat(settled.getBalance().getShortfall().getAmount()).isEqualTo("12");
        SettleShortfallResponse again = wallet().settleShortfall(settle);
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getSettled().getAmount()).isEqualTo("5");
        assertThat(wallet().settleShortfall(
                                settle.toBuilder().setIdempotencyKey(newKey()).build())
                        .getSettled()
                        .getAmount())
                .as("claimed once")
                .isEqualTo("0");
    }

    @Test
    default void expireGrantsRemovesTheRemainderOfThePeriodsGrantsOnly() {
        String customer = newCustomer();
        Instant now = now();
        Instant periodEnd = now.plus(Duration.ofHours(1));
        grant(
                customer,
                "100",
                GrantSource.GRANT_SOURCE_SUBSCRIPTION,
                now.minus(Duration.ofDays(1)),
                periodEnd,
                0,
                "sub-1/0");
        grant(
                customer,
                "40",
                GrantSource.GRANT_SOURCE_SUBSCRIPTION,
                periodEnd,
                periodEnd.plus(Duration.ofDays(30)),
                0,
                "sub-1/1");
        String pack = grant(customer, "5", GrantSource.GRANT_SOURCE_PACK, now, null, 0)
                .getGrant()
                .getGrantId();
        wallet().debit(debit(customer, "30", newKey()));

        advanceClock(Duration.ofHours(2));
        Balance lapsed = balance(customer, "CREDITS");
        assertThat(lapsed.getLapsed().getAmount()).isEqualTo("70");
        assertThat(lapsed.getAvailable().getAmount())
                .as("the next period's 40 and the pack's 5")
                .isEqualTo("45");
        ExpireGrantsResponse expired = wallet().expireGrants(ExpireGrantsRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("CREDITS")
                .setExpireTime(timestamp(periodEnd))
                .setPeriodReference("sub-1/0")
                .setIdempotencyKey(newKey())
                .build());
        assertThat(expired.getTotalExpired().getAmount()).isEqualTo("70");
        assertThat(expired.getExpiredList())
                .singleElement()
                .satisfies(e -> assertThat(e.getGrant().getPeriodReference()).isEqualTo("sub-1/0"));
        Balance after = balance(customer, "CREDITS");
        assertThat(after.getLapsed().getAmount()).isEqualTo("0");
        assertThat(after.getAvailable().getAmount()).isEqualTo("45");
        assertThat(after.getGrantsList())
                .extracting(g -> g.getPeriodReference().isEmpty() ? g.getGrantId() : g.getPeriodReference())
                .containsExactlyInAnyOrder("sub-1/1", pack);
    }

    @Test
    default void aCustomerWithoutAWalletHasNoBalanceAndAUnitNeverHeldIsZero() {
        String stranger = newCustomer();
        assertRefused(
                () -> wallet().getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(stranger)
                        .build()),
                Status.Code.NOT_FOUND,
                ErrorReason.WALLET_NOT_FOUND);
        String customer = newCustomer();
        wallet().debit(debit(customer, "1", newKey()));
        Balance usd = balance(customer, "USD");
        assertThat(usd.getAvailable().getAmount()).isEqualTo("0");
        assertThat(usd.getVersion()).isZero();
        assertThat(wallet().getBalance(GetBalanceRequest.newBuilder()
                                .setCustomerId(customer)
                                .build())
                        .getBalancesList())
                .extracting(Balance::getCurrencyCode)
                .containsExactly("CREDITS");
    }

    // ---- helpers ----

    private GrantCreditsResponse grant(
            String customer, String credits, GrantSource source, Instant effective, Instant expire, int priority) {
        return grant(customer, credits, source, effective, expire, priority, "");
    }

    private GrantCreditsResponse grant(
            String customer,
            String credits,
            GrantSource source,
            Instant effective,
            Instant expire,
            int priority,
            String period) {
        GrantCreditsRequest.Builder request = GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits(credits))
                .setSource(source)
                .setEffectiveTime(timestamp(effective))
                .setPriority(priority)
                .setPeriodReference(period)
                .setIdempotencyKey(newKey());
        if (expire != null) {
            request.setExpireTime(timestamp(expire));
        }
        return wallet().grantCredits(request.build());
    }

    private Balance balance(String customer, String unit) {
        return wallet().getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode(unit)
                        .setView(BalanceView.BALANCE_VIEW_FULL)
                        .build())
                .getBalances(0);
    }

    private static DebitRequest debit(String customer, String credits, String key) {
        return DebitRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits(credits))
                .setIdempotencyKey(key)
                .build();
    }

    private static ReserveRequest reserve(String customer, String credits, String key) {
        return ReserveRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(credits(credits))
                .setIdempotencyKey(key)
                .build();
    }

    private static Money credits(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("CREDITS").build();
    }

    private static Money usd(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("USD").build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static String newCustomer() {
        return "contract-" + UUID.randomUUID();
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private static StatusRuntimeException assertRefused(
            ThrowableAssert.ThrowingCallable call, Status.Code code, ErrorReason reason) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(failure).as("the call is refused").isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(code);
        assertThat(errorInfo(failure).getReason()).isEqualTo(reason.name());
        return failure;
    }

    private static ErrorInfo errorInfo(StatusRuntimeException failure) {
        return StatusProto.fromThrowable(failure).getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .map(any -> {
                    try {
                        return any.unpack(ErrorInfo.class);
                    } catch (InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ErrorInfo in " + failure.getStatus()));
    }
}
