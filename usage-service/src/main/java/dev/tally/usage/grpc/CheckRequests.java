package dev.tally.usage.grpc;

import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.app.Checks;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.v1.CheckRequest;
import java.time.Duration;
import java.time.Instant;

/** Check requests: every bad field at once; reserve needs a quantity and a key; a hold lasts at most 24 hours. */
final class CheckRequests {

    /** The RPC name stored with a reserving Check's key (in the customer's event key space). */
    static final String CHECK_METHOD = "Check";

    static final Duration MAX_HOLD = Duration.ofHours(24);

    private CheckRequests() {}

    static Checks.CheckQuery query(CheckRequest request, Instant now) {
        Violations v = new Violations();
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        String feature = Identifiers.required(v, "feature_code", request.getFeatureCode());
        Quantity quantity = TrackRequests.quantity(
                v,
                "",
                request.getQuantityCase() == CheckRequest.QuantityCase.VALUE,
                request.getValue(),
                request.hasTokenUsage() ? request.getTokenUsage() : null,
                false);
        RequestKey key = null;
        Instant expire = null;
        if (request.getReserve()) {
            if (request.getQuantityCase() == CheckRequest.QuantityCase.QUANTITY_NOT_SET) {
                v.add("value", "reserve needs a quantity (value or token_usage) to estimate the hold");
            }
            String k = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            expire =
                    ProtoTime.optional(v, "hold_expire_time", request.hasHoldExpireTime(), request.getHoldExpireTime());
            if (expire != null && (!expire.isAfter(now) || expire.isAfter(now.plus(MAX_HOLD)))) {
                v.add("hold_expire_time", "must be in the future and at most 24 hours ahead");
            }
            v.throwIfAny();
            key = RequestKey.forCustomer(customer, k, CHECK_METHOD, request, "value");
        }
        v.throwIfAny();
        return new Checks.CheckQuery(customer, feature, quantity, key, expire);
    }
}
