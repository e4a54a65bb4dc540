package dev.tally.usage.grpc;

import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.usage.app.Corrections;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.v1.AmendEventRequest;
import dev.tally.usage.v1.VoidEventRequest;
import java.util.UUID;

/** VoidEvent and AmendEvent requests: every bad field at once (event_id a UUID, reason at most 1,024 characters). */
final class CorrectionRequests {

    static final int MAX_REASON = 1024;

    private CorrectionRequests() {}

    static Corrections.Command voidEvent(VoidEventRequest request) {
        Violations v = new Violations();
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        UUID event = eventId(v, request.getEventId());
        String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
        reason(v, request.getReason());
        v.throwIfAny();
        return new Corrections.Command(
                customer,
                event,
                null,
                request.getReason(),
                RequestKey.forCustomer(customer, key, "VoidEvent", request));
    }

    static Corrections.Command amend(AmendEventRequest request) {
        Violations v = new Violations();
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        UUID event = eventId(v, request.getEventId());
        String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
        reason(v, request.getReason());
        Quantity quantity = TrackRequests.quantity(
                v,
                "",
                request.getQuantityCase() == AmendEventRequest.QuantityCase.VALUE,
                request.getValue(),
                request.hasTokenUsage() ? request.getTokenUsage() : null,
                false);
        if (request.getQuantityCase() == AmendEventRequest.QuantityCase.QUANTITY_NOT_SET) {
            v.add("value", "must be set: the corrected quantity (value or token_usage)");
        }
        v.throwIfAny();
        return new Corrections.Command(
                customer,
                event,
                quantity,
                request.getReason(),
                RequestKey.forCustomer(customer, key, "AmendEvent", request, "value"));
    }

    private static UUID eventId(Violations v, String text) {
        if (text.isEmpty()) {
            v.add("event_id", "must be set");
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            v.add("event_id", "must be an event id (a UUID) as Track returned it");
            return null;
        }
    }

    private static void reason(Violations v, String reason) {
        if (reason.codePointCount(0, reason.length()) > MAX_REASON) {
            v.add("reason", "must be at most " + MAX_REASON + " characters");
        }
    }
}
