package dev.tally.catalog.idempotency;

import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A client's idempotency key for one mutating call, with a hash of what was asked (the request
 * without its key). A replay must ask the same thing with the same operation.
 */
public record IdempotencyKey(String key, String operation, byte[] requestHash) {

    public static final int MAX_LENGTH = 128;

    /** Adds a violation for {@code idempotency_key} unless it is 1-128 characters. */
    public static void validate(String key, Violations violations) {
        violations.requireNonBlank(key, "idempotency_key");
        violations.check(key != null && key.length() > MAX_LENGTH, "idempotency_key",
                "must be at most " + MAX_LENGTH + " characters");
    }

    /** ALREADY_EXISTS (IDEMPOTENCY_KEY_REUSED) unless the stored call asked the same thing. */
    public void requireSameRequest(String storedOperation, byte[] storedHash) {
        if (!operation.equals(storedOperation) || !MessageDigest.isEqual(requestHash, storedHash)) {
            throw TallyException.idempotencyKeyReused(key);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdempotencyKey other && key.equals(other.key) && operation.equals(other.operation)
                && Arrays.equals(requestHash, other.requestHash);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return operation + ":" + key;
    }
}
