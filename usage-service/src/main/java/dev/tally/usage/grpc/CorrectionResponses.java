package dev.tally.usage.grpc;

import com.google.protobuf.MessageLite;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.app.Correction;
import dev.tally.usage.app.CorrectionRendering;
import dev.tally.usage.v1.AmendEventResponse;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.usage.v1.VoidEventResponse;
import java.util.function.Function;

/**
 * VoidEvent and AmendEvent answers, and the event's stored detail after the correction. A void keeps
 * the event as listed (it only stops counting); an amendment replaces its quantity, charge, token
 * cost and provider.
 */
final class CorrectionResponses {

    static final CorrectionRendering<VoidEventResponse> VOID = new Rendering<>(
            Replies.of(
                    VoidEventResponse.parser(),
                    r -> r.toBuilder().setDuplicate(true).build()),
            c -> EventMessages.stored(EventMessages.listed(c.event())),
            CorrectionResponses::voided);

    static final CorrectionRendering<AmendEventResponse> AMEND = new Rendering<>(
            Replies.of(
                    AmendEventResponse.parser(),
                    r -> r.toBuilder().setDuplicate(true).build()),
            c -> EventMessages.stored(amended(c).build()),
            CorrectionResponses::amendment);

    private record Rendering<P extends MessageLite>(
            Replies<P> replies, Function<Correction, byte[]> detailOf, Function<Correction, P> responseOf)
            implements CorrectionRendering<P> {
        @Override
        public byte[] detail(Correction correction) {
            return detailOf.apply(correction);
        }

        @Override
        public P response(Correction correction) {
            return responseOf.apply(correction);
        }
    }

    private CorrectionResponses() {}

    private static VoidEventResponse voided(Correction c) {
        UsageEvent after = EventMessages.listed(c.event()).toBuilder()
                .setVoidTime(ProtoTime.timestamp(c.at()))
                .setRevision(c.revision())
                .setDebitStatus(EventMessages.debitStatus(c.status()))
                .build();
        return VoidEventResponse.newBuilder().setEvent(after).build();
    }

    private static AmendEventResponse amendment(Correction c) {
        UsageEvent listed = amended(c)
                .setDebitStatus(EventMessages.debitStatus(c.status()))
                .clearDebitError()
                .build();
        return AmendEventResponse.newBuilder()
                .setEvent(listed)
                .setPreviousCharge(EventMessages.listed(c.event()).getCharge())
                .build();
    }

    /** The event as listed with the amendment's quantity, charge, token cost and provider. */
    private static UsageEvent.Builder amended(Correction c) {
        Correction.Amendment a = c.amendment();
        UsageEvent.Builder after = EventMessages.listed(c.event()).toBuilder()
                .clearQuantity()
                .clearTokenCost()
                .clearProvider()
                .setCharge(EventMessages.charge(a.charge(), a.split(), null))
                .setAmendTime(ProtoTime.timestamp(c.at()))
                .setRevision(c.revision());
        EventMessages.quantity(after, a.quantity());
        if (a.charge().tokenCost() != null) {
            after.setTokenCost(EventMessages.tokenCost(a.charge().tokenCost()));
            if (a.charge().tokenCost().provider() != null) {
                after.setProvider(a.charge().tokenCost().provider());
            }
        }
        return after;
    }
}
