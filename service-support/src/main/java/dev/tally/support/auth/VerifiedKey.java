package dev.tally.support.auth;

import java.time.Instant;
import java.util.Set;

/**
 * What the registry says about a valid key: its id, its scopes and when it expires (null: never).
 * Expiry is checked by every verifier on every call ({@link #isExpired}), so a cached answer never
 * outlives the key.
 */
public record VerifiedKey(String keyId, Set<String> scopes, Instant expireTime) {

    public VerifiedKey {
        scopes = Set.copyOf(scopes);
    }

    /** Expired at {@code now}: {@code now >= expireTime}. */
    public boolean isExpired(Instant now) {
        return expireTime != null && !now.isBefore(expireTime);
    }
}
