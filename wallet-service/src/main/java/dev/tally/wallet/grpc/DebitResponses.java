package dev.tally.wallet.grpc;

import static dev.tally.wallet.grpc.BalanceResponses.money;

import dev.tally.kit.error.ItemErrors;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.app.Outcome;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.ReversalResult;
import dev.tally.wallet.domain.SettlementResult;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.SettleShortfallResponse;
import java.util.List;

/** Debit results (Debit, DebitBatch, ReverseDebit, SettleShortfall) to responses. Never fails. */
final class DebitResponses {

    static final Replies<DebitResponse> DEBIT = Replies.of(
            DebitResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<ReverseDebitResponse> REVERSE_DEBIT = Replies.of(
            ReverseDebitResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<SettleShortfallResponse> SETTLE_SHORTFALL = Replies.of(
            SettleShortfallResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private DebitResponses() {}

    static DebitResponse debit(DebitResult result) {
        DebitResponse.Builder response = DebitResponse.newBuilder()
                .setDebitId(result.debitId().toString())
                .setOccurredTime(ProtoTime.timestamp(result.occurredTime()))
                .setCovered(money(result.covered(), result.unit()))
                .setShortfall(money(result.shortfall(), result.unit()))
                .setBalanceAfter(money(result.balanceAfter(), result.unit()))
                .setBalanceVersion(result.version())
                .setBelowLowBalanceThreshold(result.belowThreshold());
        result.consumptions().forEach(c -> response.addConsumptions(consumption(c, result.unit())));
        return response.build();
    }

    /** Per item: its response (applied or replayed), or the error its unary call would have carried. */
    static DebitBatchResponse debitBatch(List<Outcome<DebitResponse>> outcomes) {
        DebitBatchResponse.Builder response = DebitBatchResponse.newBuilder();
        for (Outcome<DebitResponse> outcome : outcomes) {
            response.addResults(
                    outcome.refused() != null
                            ? DebitBatchResult.newBuilder().setError(ItemErrors.of(outcome.refused()))
                            : DebitBatchResult.newBuilder()
                                    .setDebit(outcome.reply().response()));
        }
        return response.build();
    }

    static ReverseDebitResponse reverseDebit(ReversalResult result) {
        String unit = result.balance().unit();
        ReverseDebitResponse.Builder response = ReverseDebitResponse.newBuilder()
                .setReversalId(result.reversalId().toString())
                .setDebitId(result.debitId().toString())
                .setReturnedTotal(money(result.returnedTotal(), unit))
                .setShortfallCancelled(money(result.shortfallCancelled(), unit))
                .setShortfallClaimed(money(result.shortfallClaimed(), unit))
                .setClaimReference(BalanceResponses.orEmpty(result.claimReference()))
                .setShortfallSettled(money(result.shortfallSettled(), unit))
                .setBalance(BalanceResponses.balance(result.balance()));
        result.returned().forEach(c -> response.addReturned(consumption(c, unit)));
        if (result.refundGrant() != null) {
            response.setRefundGrant(BalanceResponses.grant(result.refundGrant()));
        }
        return response.build();
    }

    static SettleShortfallResponse settleShortfall(SettlementResult result) {
        return SettleShortfallResponse.newBuilder()
                .setSettled(money(result.settled(), result.balance().unit()))
                .setSettledDebitCount(result.debitCount())
                .setBalance(BalanceResponses.balance(result.balance()))
                .build();
    }

    static GrantConsumption consumption(DebitResult.Consumption consumption, String unit) {
        return GrantConsumption.newBuilder()
                .setGrantId(consumption.grantId().toString())
                .setSource(BalanceResponses.grantSource(consumption.source()))
                .setAmount(money(consumption.amount(), unit))
                .setRemainingAfter(money(consumption.remainingAfter(), unit))
                .build();
    }
}
