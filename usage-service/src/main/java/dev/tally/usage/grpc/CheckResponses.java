package dev.tally.usage.grpc;

import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.app.CheckAnswer;
import dev.tally.usage.domain.CheckRule;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.WalletBalance;
import dev.tally.usage.v1.CheckReason;
import dev.tally.usage.v1.CheckResponse;

/** Check answers. */
final class CheckResponses {

    /** How a reserving Check answer is stored with its key and replayed. */
    static final Replies<CheckResponse> CHECK = Replies.of(
            CheckResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    private CheckResponses() {}

    static CheckResponse response(CheckAnswer answer) {
        CheckResponse.Builder b = CheckResponse.newBuilder()
                .setAllowed(answer.decision().allowed())
                .setReason(reason(answer.decision().reason()));
        if (answer.remaining() instanceof CheckAnswer.Allowance a) {
            b.setRemaining(EventMessages.metered(a.includedUnits(), a.used()));
        } else if (answer.remaining() instanceof CheckAnswer.Wallet w) {
            WalletBalance balance = w.balance();
            b.setRemaining(EventMessages.wallet(
                    w.credits(), w.unit(), balance.available(), balance.held(), balance.shortfall()));
        }
        if (answer.hold() != null) {
            b.setHoldId(answer.hold().holdId())
                    .setHoldAmount(EventMessages.money(
                            answer.hold().amount(), answer.hold().unit()))
                    .setHoldExpireTime(ProtoTime.timestamp(answer.hold().expireTime()));
        }
        EventCharge estimate = answer.estimate();
        if (estimate != null) {
            b.setEstimatedCharge(EventMessages.charge(estimate, null, null));
            if (estimate.tokenCost() != null) {
                b.setEstimatedTokenCost(EventMessages.tokenCost(estimate.tokenCost()));
            }
        }
        return b.build();
    }

    private static CheckReason reason(CheckRule.Reason reason) {
        return switch (reason) {
            case WITHIN_ALLOWANCE -> CheckReason.CHECK_REASON_WITHIN_ALLOWANCE;
            case OVERAGE -> CheckReason.CHECK_REASON_OVERAGE;
            case COVERED -> CheckReason.CHECK_REASON_COVERED;
            case INSUFFICIENT_CREDITS -> CheckReason.CHECK_REASON_INSUFFICIENT_CREDITS;
            case INSUFFICIENT_BALANCE -> CheckReason.CHECK_REASON_INSUFFICIENT_BALANCE;
            case FEATURE_NOT_ON_PLAN -> CheckReason.CHECK_REASON_FEATURE_NOT_ON_PLAN;
            case NO_ACTIVE_SUBSCRIPTION -> CheckReason.CHECK_REASON_NO_ACTIVE_SUBSCRIPTION;
            case ALLOWANCE_EXHAUSTED -> CheckReason.CHECK_REASON_ALLOWANCE_EXHAUSTED;
        };
    }
}
