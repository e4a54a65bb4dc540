package dev.tally.usage.grpc;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.app.PricedEvent;
import dev.tally.usage.app.RecordedEvent;
import dev.tally.usage.app.TrackRendering;
import dev.tally.usage.domain.DebitState;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.v1.Remaining;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageEvent;
import java.math.BigDecimal;

/**
 * Track's answers and the events' stored details, from recorded events. The answer stored with the
 * key says PENDING (or NOT_REQUIRED) as of the commit; the caller of the first call gets it updated
 * with the wallet's answer, a replay with the event's debit state then ({@link #withDebitState}).
 */
final class TrackResponses implements TrackRendering<TrackResponse> {

    /** How a Track answer is stored with its key and replayed (Track, TrackBatch and TrackStream share it). */
    static final Replies<TrackResponse> TRACK = Replies.of(
            TrackResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    @Override
    public Replies<TrackResponse> replies() {
        return TRACK;
    }

    @Override
    public TrackResponse recorded(RecordedEvent r) {
        PricedEvent e = r.priced();
        EventCharge c = e.charge();
        TrackResponse.Builder b = TrackResponse.newBuilder()
                .setEventId(r.eventId().toString())
                .setOccurredTime(ProtoTime.timestamp(e.item().occurredTime()))
                .setPeriod(EventMessages.range(e.plan().period()))
                .setCharge(EventMessages.charge(c, r.split(), null))
                .setDebitStatus(
                        EventMessages.debitStatus(c.needsDebit() ? DebitStatus.PENDING : DebitStatus.NOT_REQUIRED));
        if (c.tokenCost() != null) {
            b.setTokenCost(EventMessages.tokenCost(c.tokenCost()));
        }
        if (c.model() == ConsumptionModel.METERED) {
            Remaining remaining = EventMessages.metered(e.feature().includedUnits(), r.usedAfter());
            b.setRemaining(remaining)
                    .setExhausted(new BigDecimal(remaining.getMetered().getIncludedUnitsLeft()).signum() == 0);
        } else if (r.balanceEstimate() != null) {
            b.setRemaining(EventMessages.wallet(
                            c.model() == ConsumptionModel.CREDITS, c.currency(), r.balanceEstimate(), null, null))
                    .setExhausted(r.balanceEstimate().signum() <= 0);
        }
        return b.build();
    }

    @Override
    public byte[] detail(RecordedEvent r) {
        PricedEvent e = r.priced();
        EventCharge c = e.charge();
        UsageEvent.Builder b = UsageEvent.newBuilder()
                .setEventId(r.eventId().toString())
                .setCustomerId(e.item().customerId())
                .setFeatureCode(e.item().featureCode())
                .setIdempotencyKey(e.item().key().key())
                .setOccurredTime(ProtoTime.timestamp(e.item().occurredTime()))
                .setCreateTime(ProtoTime.timestamp(r.createTime()))
                .putAllProperties(e.item().properties())
                .setSubscriptionId(e.plan().subscriptionId())
                .setPlanId(e.plan().planId())
                .setPlanVersion(e.plan().planVersion())
                .setCharge(EventMessages.charge(c, r.split(), null));
        EventMessages.quantity(b, e.item().quantity());
        if (c.tokenCost() != null) {
            b.setTokenCost(EventMessages.tokenCost(c.tokenCost()));
            if (c.tokenCost().provider() != null) {
                b.setProvider(c.tokenCost().provider());
            }
        }
        if (e.item().holdId() != null) {
            b.setHoldId(e.item().holdId());
        }
        return b.build().toByteArray();
    }

    @Override
    public TrackResponse withDebitState(TrackResponse answer, DebitState state) {
        TrackResponse.Builder b = answer.toBuilder().setDebitStatus(EventMessages.debitStatus(state.status()));
        if (state.status() == DebitStatus.APPLIED && state.balanceAfter() != null) {
            String unit = b.getCharge().hasCredits()
                    ? "CREDITS"
                    : b.getCharge().getBalance().getAmount().getCurrencyCode();
            b.setCharge(EventMessages.withShortfall(b.getCharge(), state.shortfall()))
                    .setRemaining(
                            EventMessages.wallet(b.getCharge().hasCredits(), unit, state.balanceAfter(), null, null))
                    .setExhausted(state.balanceAfter().signum() <= 0);
        }
        return b.build();
    }
}
