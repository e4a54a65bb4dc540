package dev.tally.wallet.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.Timestamp;
import dev.tally.common.v1.FieldViolation;
import dev.tally.common.v1.ItemError;
import dev.tally.common.v1.Money;
import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.BalanceEvent;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.CaptureResult;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.ExpiryResult;
import dev.tally.wallet.domain.GrantResult;
import dev.tally.wallet.domain.HoldResult;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.ReversalResult;
import dev.tally.wallet.domain.SettlementResult;
import dev.tally.wallet.store.Outcome;
import dev.tally.wallet.store.WalletWrites;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.ExpiredGrant;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.Hold;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.SetLowBalanceThresholdResponse;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.WatchBalanceResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Domain results to responses. */
final class Responses {

    private Responses() {
    }

    /** How a call's result becomes its response, and the response the bytes stored for replays. */
    static <R, P extends Message> WalletWrites.Replies<R, P> replies(Function<R, P> respond) {
        return new WalletWrites.Replies<>(respond, Message::toByteArray);
    }

    /**
     * The response of one idempotent call: as answered when applied now, the stored response
     * marked {@code duplicate = true} when replayed; a refused call throws its error.
     */
    static <P extends Message> P reply(Outcome<P> outcome, Parser<P> parser) {
        return reply(outcome, parser, UnaryOperator.identity());
    }

    /**
     * As {@link #reply(Outcome, Parser)}, with {@code alsoDuplicate} applied to a replayed response
     * (for duplicate flags of nested responses).
     */
    static <P extends Message> P reply(Outcome<P> outcome, Parser<P> parser, UnaryOperator<P> alsoDuplicate) {
        if (outcome instanceof Outcome.Applied<P> applied) {
            return applied.response();
        }
        if (outcome instanceof Outcome.Replayed<P> replayed) {
            return alsoDuplicate.apply(duplicate(replayed.response(), parser));
        }
        throw ((Outcome.Failed<P>) outcome).error();
    }

    static DebitBatchResult debitBatchResult(Outcome<DebitResponse> outcome) {
        if (outcome instanceof Outcome.Failed<DebitResponse> failed) {
            return DebitBatchResult.newBuilder().setError(itemError(failed.error())).build();
        }
        return DebitBatchResult.newBuilder().setDebit(reply(outcome, DebitResponse.parser())).build();
    }

    static DebitResponse debit(DebitResult result) {
        DebitResponse.Builder response = DebitResponse.newBuilder()
                .setDebitId(result.debitId().toString())
                .setOccurredTime(timestamp(result.occurredTime()))
                .setCovered(money(result.covered(), result.unit()))
                .setShortfall(money(result.shortfall(), result.unit()))
                .setBalanceAfter(money(result.balanceAfter(), result.unit()))
                .setBalanceVersion(result.version())
                .setBelowLowBalanceThreshold(result.belowThreshold());
        result.consumptions().forEach(c -> response.addConsumptions(consumption(c, result.unit())));
        return response.build();
    }

    static ReserveResponse reserve(HoldResult result) {
        return ReserveResponse.newBuilder().setHold(hold(result.hold())).setBalance(balance(result.balance())).build();
    }

    static ReleaseResponse release(HoldResult result) {
        return ReleaseResponse.newBuilder().setHold(hold(result.hold())).setBalance(balance(result.balance())).build();
    }

    static CaptureResponse capture(CaptureResult result) {
        return CaptureResponse.newBuilder().setHold(hold(result.hold())).setDebit(debit(result.debit())).build();
    }

    /** A replayed capture: duplicate on the response and on its debit. */
    static CaptureResponse captureDuplicate(CaptureResponse stored) {
        return stored.toBuilder().setDuplicate(true)
                .setDebit(stored.getDebit().toBuilder().setDuplicate(true)).build();
    }

    static ReverseDebitResponse reverseDebit(ReversalResult result) {
        String unit = result.balance().unit();
        ReverseDebitResponse.Builder response = ReverseDebitResponse.newBuilder()
                .setReversalId(result.reversalId().toString())
                .setDebitId(result.debitId().toString())
                .setReturnedTotal(money(result.returnedTotal(), unit))
                .setShortfallCancelled(money(result.shortfallCancelled(), unit))
                .setShortfallClaimed(money(result.shortfallClaimed(), unit))
                .setClaimReference(orEmpty(result.claimReference()))
                .setShortfallSettled(money(result.shortfallSettled(), unit))
                .setBalance(balance(result.balance()));
        result.returned().forEach(c -> response.addReturned(consumption(c, unit)));
        if (result.refundGrant() != null) {
            response.setRefundGrant(grant(result.refundGrant()));
        }
        return response.build();
    }

    static TopUpResponse topUp(GrantResult result) {
        return TopUpResponse.newBuilder()
                .setGrant(grant(result.grant()))
                .setShortfallSettled(money(result.shortfallSettled(), result.grant().unit()))
                .setBalance(balance(result.balance()))
                .build();
    }

    static GrantCreditsResponse grantCredits(GrantResult result) {
        return GrantCreditsResponse.newBuilder()
                .setGrant(grant(result.grant()))
                .setShortfallSettled(money(result.shortfallSettled(), result.grant().unit()))
                .setBalance(balance(result.balance()))
                .build();
    }

    static ExpireGrantsResponse expireGrants(ExpiryResult result) {
        String unit = result.balance().unit();
        ExpireGrantsResponse.Builder response = ExpireGrantsResponse.newBuilder()
                .setTotalExpired(money(result.totalExpired(), unit))
                .setBalance(balance(result.balance()));
        result.expired().forEach(expired -> response.addExpired(ExpiredGrant.newBuilder()
                .setGrant(grant(expired.grant()))
                .setExpiredAmount(money(expired.amount(), unit))));
        return response.build();
    }

    static SettleShortfallResponse settleShortfall(SettlementResult result) {
        return SettleShortfallResponse.newBuilder()
                .setSettled(money(result.settled(), result.balance().unit()))
                .setSettledDebitCount(result.debitCount())
                .setBalance(balance(result.balance()))
                .build();
    }

    static SetLowBalanceThresholdResponse lowBalanceThreshold(BalanceView balance) {
        return SetLowBalanceThresholdResponse.newBuilder().setBalance(balance(balance)).build();
    }

    static GetBalanceResponse getBalance(List<BalanceView> balances) {
        GetBalanceResponse.Builder response = GetBalanceResponse.newBuilder();
        balances.forEach(balance -> response.addBalances(balance(balance)));
        return response.build();
    }

    static WatchBalanceResponse watchEvent(BalanceEvent event) {
        WatchBalanceResponse.Builder response = WatchBalanceResponse.newBuilder()
                .setKind(Protos.eventKind(event.kind()))
                .setBalance(balance(event.balance()));
        event.entries().forEach(entry -> response.addTransactions(transaction(entry)));
        return response.build();
    }

    static Balance balance(BalanceView view) {
        String unit = view.unit();
        Balance.Builder balance = Balance.newBuilder()
                .setCustomerId(view.customerId())
                .setCurrencyCode(unit)
                .setAvailable(money(view.available(), unit))
                .setGranted(money(view.granted(), unit))
                .setShortfall(money(view.shortfall(), unit))
                .setHeld(money(view.held(), unit))
                .setUpcoming(money(view.upcoming(), unit))
                .setLapsed(money(view.lapsed(), unit))
                .setVersion(view.version())
                .setBelowLowBalanceThreshold(view.belowThreshold());
        view.grants().forEach(grant -> balance.addGrants(grant(grant)));
        if (view.threshold() != null) {
            balance.setLowBalanceThreshold(money(view.threshold(), unit));
        }
        if (view.updateTime() != null) {
            balance.setUpdateTime(timestamp(view.updateTime()));
        }
        return balance.build();
    }

    static Grant grant(dev.tally.wallet.domain.Grant grant) {
        Grant.Builder proto = Grant.newBuilder()
                .setGrantId(grant.id().toString())
                .setCustomerId(grant.customerId())
                .setSource(Protos.grantSource(grant.source()))
                .setOriginalAmount(money(grant.originalAmount(), grant.unit()))
                .setRemainingAmount(money(grant.remainingAmount(), grant.unit()))
                .setEffectiveTime(timestamp(grant.effectiveTime()))
                .setPriority(grant.priority())
                .setPeriodReference(orEmpty(grant.periodReference()))
                .setReference(orEmpty(grant.reference()))
                .setDescription(orEmpty(grant.description()))
                .setCreateTime(timestamp(grant.createTime()));
        if (grant.expireTime() != null) {
            proto.setExpireTime(timestamp(grant.expireTime()));
        }
        if (grant.closeTime() != null) {
            proto.setCloseTime(timestamp(grant.closeTime()));
        }
        return proto.build();
    }

    static Hold hold(dev.tally.wallet.domain.Hold hold) {
        Hold.Builder proto = Hold.newBuilder()
                .setHoldId(hold.id().toString())
                .setCustomerId(hold.customerId())
                .setAmount(money(hold.amount(), hold.unit()))
                .setState(Protos.holdState(hold.state()))
                .setExpireTime(timestamp(hold.expireTime()))
                .setCreateTime(timestamp(hold.createTime()))
                .setReference(orEmpty(hold.reference()))
                .setDescription(orEmpty(hold.description()));
        if (hold.closeTime() != null) {
            proto.setCloseTime(timestamp(hold.closeTime()));
        }
        if (hold.capturedAmount() != null) {
            proto.setCapturedAmount(money(hold.capturedAmount(), hold.unit())).setDebitId(hold.debitId().toString());
        }
        return proto.build();
    }

    static Transaction transaction(LedgerEntry entry) {
        String unit = entry.unit();
        Transaction.Builder transaction = Transaction.newBuilder()
                .setTransactionId(String.valueOf(entry.entryId()))
                .setCustomerId(entry.customerId())
                .setType(Protos.transactionType(entry.type()))
                .setAmount(money(entry.amount(), unit))
                .setBalanceAfter(money(entry.balanceAfter(), unit))
                .setShortfallAfter(money(entry.shortfallAfter(), unit))
                .setBalanceVersion(entry.version())
                .setGrantId(orEmpty(entry.grantId()))
                .setDebitId(orEmpty(entry.debitId()))
                .setHoldId(orEmpty(entry.holdId()))
                .setReference(orEmpty(entry.reference()))
                .setIdempotencyKey(orEmpty(entry.idempotencyKey()))
                .setDescription(orEmpty(entry.description()))
                .putAllMetadata(entry.metadata())
                .setCreateTime(timestamp(entry.createTime()))
                .setOperationId(entry.operationId().toString());
        if (entry.occurredTime() != null) {
            transaction.setOccurredTime(timestamp(entry.occurredTime()));
        }
        return transaction.build();
    }

    static ItemError itemError(TallyException error) {
        ItemError.Builder item = ItemError.newBuilder()
                .setCode(error.code().value())
                .setReason(error.reason())
                .setMessage(error.getMessage())
                .putAllMetadata(error.metadata());
        error.violations().forEach(v -> item.addFieldViolations(
                FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
        return item.build();
    }

    static Money money(BigDecimal amount, String unit) {
        return Money.newBuilder().setAmount(dev.tally.support.money.Money.plain(amount)).setCurrencyCode(unit).build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    @SuppressWarnings("unchecked")
    private static <P extends Message> P duplicate(byte[] stored, Parser<P> parser) {
        try {
            P response = parser.parseFrom(stored);
            return (P) response.toBuilder()
                    .setField(response.getDescriptorForType().findFieldByName("duplicate"), true)
                    .build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored response is not a " + parser, e);
        }
    }

    private static GrantConsumption consumption(DebitResult.Consumption consumption, String unit) {
        return GrantConsumption.newBuilder()
                .setGrantId(consumption.grantId().toString())
                .setSource(Protos.grantSource(consumption.source()))
                .setAmount(money(consumption.amount(), unit))
                .setRemainingAfter(money(consumption.remainingAfter(), unit))
                .build();
    }

    private static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }
}
