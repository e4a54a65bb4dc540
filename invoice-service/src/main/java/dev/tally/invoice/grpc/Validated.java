package dev.tally.invoice.grpc;

import com.google.protobuf.Message;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import java.util.function.Function;

/**
 * Validation of a request, every field at once: INVALID_ARGUMENT with one field violation per bad
 * field, or the value. And the idempotency keys of this service's mutating calls: scoped to the
 * customer they act on, or to the service for plans and CreateCustomer; decimal fields of a plan
 * hashed by value ("100000" = "100000.0").
 */
final class Validated {

    private Validated() {}

    /** The value {@code check} makes of a request, once no field of it is bad. */
    static <T> T of(Function<Violations, T> check) {
        Violations v = new Violations();
        T value = check.apply(v);
        v.throwIfAny();
        return value;
    }

    static RequestKey serviceKey(String key, String method, Message request) {
        return RequestKey.forService(key, method, request, PlanRequests.DECIMAL_FIELDS);
    }

    static RequestKey customerKey(String customerId, String key, String method, Message request) {
        return RequestKey.forCustomer(customerId, key, method, request, PlanRequests.DECIMAL_FIELDS);
    }

    /** A validated mutating request: its command and its idempotency key. */
    record Keyed<C>(C command, RequestKey key) {}

    /**
     * A validated mutating request on a resource (a subscription, an invoice) whose customer, the
     * scope of its idempotency key, is known once the resource is read.
     */
    record KeyedByCustomer<C>(C command, Function<String, RequestKey> keyFor) {}
}
