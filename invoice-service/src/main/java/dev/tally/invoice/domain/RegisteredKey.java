package dev.tally.invoice.domain;

import java.time.Instant;
import java.util.List;

/**
 * An API key as the registry keeps it: never its secret, only the secret's SHA-256.
 *
 * @param listPosition where ListApiKeys lists it (newest first: the highest position first)
 * @param expireTime   null: never expires
 * @param revokeTime   null: not revoked
 */
public record RegisteredKey(
        String keyId,
        long listPosition,
        String displayName,
        List<String> scopes,
        byte[] secretSha256,
        Instant createTime,
        Instant expireTime,
        Instant lastUsedTime,
        Instant revokeTime) {

    public RegisteredKey {
        scopes = List.copyOf(scopes);
    }

    /** Usable at {@code now}: not revoked, not expired. */
    public boolean isActive(Instant now) {
        return revokeTime == null && (expireTime == null || now.isBefore(expireTime));
    }
}
