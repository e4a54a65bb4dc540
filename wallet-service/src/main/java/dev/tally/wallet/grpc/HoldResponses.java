package dev.tally.wallet.grpc;

import static dev.tally.wallet.grpc.BalanceResponses.balance;
import static dev.tally.wallet.grpc.BalanceResponses.money;
import static dev.tally.wallet.grpc.BalanceResponses.orEmpty;

import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.domain.CaptureResult;
import dev.tally.wallet.domain.HoldResult;
import dev.tally.wallet.domain.HoldState;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.Hold;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveResponse;

/** Hold results (Reserve, Capture, Release) to responses. Never fails. */
final class HoldResponses {

    static final Replies<ReserveResponse> RESERVE = Replies.of(
            ReserveResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    /** A replayed capture is a duplicate, and so is its debit. */
    static final Replies<CaptureResponse> CAPTURE = Replies.of(
            CaptureResponse.parser(),
            r -> r.toBuilder()
                    .setDuplicate(true)
                    .setDebit(r.getDebit().toBuilder().setDuplicate(true))
                    .build());

    static final Replies<ReleaseResponse> RELEASE = Replies.of(
            ReleaseResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    private HoldResponses() {}

    static ReserveResponse reserve(HoldResult result) {
        return ReserveResponse.newBuilder()
                .setHold(hold(result.hold()))
                .setBalance(balance(result.balance()))
                .build();
    }

    static ReleaseResponse release(HoldResult result) {
        return ReleaseResponse.newBuilder()
                .setHold(hold(result.hold()))
                .setBalance(balance(result.balance()))
                .build();
    }

    static CaptureResponse capture(CaptureResult result) {
        return CaptureResponse.newBuilder()
                .setHold(hold(result.hold()))
                .setDebit(DebitResponses.debit(result.debit()))
                .build();
    }

    static Hold hold(dev.tally.wallet.domain.Hold hold) {
        Hold.Builder proto = Hold.newBuilder()
                .setHoldId(hold.id().toString())
                .setCustomerId(hold.customerId())
                .setAmount(money(hold.amount(), hold.unit()))
                .setState(holdState(hold.state()))
                .setExpireTime(ProtoTime.timestamp(hold.expireTime()))
                .setCreateTime(ProtoTime.timestamp(hold.createTime()))
                .setReference(orEmpty(hold.reference()))
                .setDescription(orEmpty(hold.description()));
        if (hold.closeTime() != null) {
            proto.setCloseTime(ProtoTime.timestamp(hold.closeTime()));
        }
        if (hold.capturedAmount() != null) {
            proto.setCapturedAmount(money(hold.capturedAmount(), hold.unit()))
                    .setDebitId(hold.debitId().toString());
        }
        return proto.build();
    }

    static dev.tally.wallet.v1.HoldState holdState(HoldState state) {
        return switch (state) {
            case ACTIVE -> dev.tally.wallet.v1.HoldState.HOLD_STATE_ACTIVE;
            case CAPTURED -> dev.tally.wallet.v1.HoldState.HOLD_STATE_CAPTURED;
            case RELEASED -> dev.tally.wallet.v1.HoldState.HOLD_STATE_RELEASED;
            case EXPIRED -> dev.tally.wallet.v1.HoldState.HOLD_STATE_EXPIRED;
        };
    }
}
