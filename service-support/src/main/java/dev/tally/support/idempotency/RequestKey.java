package dev.tally.support.idempotency;

import com.google.protobuf.Message;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.Identifiers;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One mutating call's idempotency key: who it is scoped to, the client's key, the RPC, and the
 * hash of what it asks ({@link PayloadHash}). Two calls with the same {@link #slot() scope and key}
 * are the same call: the second replays the first's response when {@code method} and
 * {@code payloadHash} match, and is refused (ALREADY_EXISTS, {@code IDEMPOTENCY_KEY_REUSED})
 * otherwise.
 *
 * @param scope       the customer id, or {@link #SERVICE_SCOPE} for admin calls without a customer
 * @param key         the client's {@code idempotency_key}, valid per {@link #check}
 * @param method      the RPC's name, e.g. {@code Debit}
 * @param payloadHash SHA-256 of the request without its key (32 bytes)
 */
public record RequestKey(String scope, String key, String method, byte[] payloadHash) {

    /**
     * The scope of admin calls that concern no customer (e.g. catalog's SyncNow): keys are unique
     * per service, since each service has its own table. The empty string, because it can never be
     * a customer id (those are 1-128 characters), so the two kinds of scope cannot collide.
     */
    public static final String SERVICE_SCOPE = "";
    /** The field name violations of the key are reported on. */
    public static final String FIELD = PayloadHash.IDEMPOTENCY_KEY_FIELD;

    public RequestKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(method, "method");
        if (payloadHash == null || payloadHash.length != 32) {
            throw new IllegalArgumentException("payloadHash must be a SHA-256 (32 bytes)");
        }
        payloadHash = payloadHash.clone();
    }

    /**
     * A key scoped to a customer, for a request (or batch item) hashed by
     * {@link PayloadHash#ofRequest}: {@code forCustomer(customerId, request.getIdempotencyKey(),
     * "Debit", request)}.
     */
    public static RequestKey forCustomer(
            String customerId, String key, String method, Message request, String... decimalFields) {
        if (customerId.isEmpty()) {
            throw new IllegalArgumentException("a customer scope needs a customer id");
        }
        return new RequestKey(customerId, key, method, PayloadHash.ofRequest(request, decimalFields));
    }

    /** A key scoped to the service (admin calls without a customer), for a request hashed by {@link PayloadHash#ofRequest}. */
    public static RequestKey forService(String key, String method, Message request, String... decimalFields) {
        return new RequestKey(SERVICE_SCOPE, key, method, PayloadHash.ofRequest(request, decimalFields));
    }

    /**
     * The rule for keys in every contract: 1-128 characters, no control characters. Adds a
     * violation on {@code idempotency_key} (or {@code field}, e.g. {@code debits[2].idempotency_key})
     * and returns null when the key breaks it.
     */
    public static String check(Violations violations, String field, String key) {
        return Identifiers.required(violations, field, key);
    }

    /** The record's identity: scope and key. */
    public Slot slot() {
        return new Slot(scope, key);
    }

    /** True when {@code record} was written by a call that asked exactly this. */
    public boolean sameRequestAs(StoredRecord record) {
        return method.equals(record.method()) && java.security.MessageDigest.isEqual(payloadHash, record.payloadHash());
    }

    @Override
    public byte[] payloadHash() {
        return payloadHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestKey other
                && scope.equals(other.scope)
                && key.equals(other.key)
                && method.equals(other.method)
                && Arrays.equals(payloadHash, other.payloadHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, key, method, Arrays.hashCode(payloadHash));
    }

    @Override
    public String toString() {
        return method + "[" + scope + "/" + key + " " + HexFormat.of().formatHex(payloadHash, 0, 4) + "]";
    }

    /** Where a record lives: its scope and key (the table's primary key). */
    public record Slot(String scope, String key) {}
}
