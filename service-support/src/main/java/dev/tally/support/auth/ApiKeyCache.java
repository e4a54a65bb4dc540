package dev.tally.support.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a verifier remembers about keys, and for how long. Plain Java, the time passed in.
 * <ul>
 * <li>A verified key is {@link Lookup.Fresh} for {@link Rules#verifiedFor} after the registry
 * confirmed it (no registry call), then {@link Lookup.Stale} until {@link Rules#staleFor}: a stale
 * key is asked again, and served only if the registry cannot be reached. After that it is
 * forgotten ({@link Lookup.Miss}): an unknown or long-unconfirmed key is refused while the registry
 * is down.</li>
 * <li>A refused key text is {@link Lookup.Invalid} for {@link Rules#invalidFor} (short: a key created
 * a moment ago must work soon), remembered by a hash of the whole text, so that a wrong secret
 * for a real key id never evicts the real key.</li>
 * <li>A revoked key id is dropped at once and never cached again ({@link #revoke}); expiry is
 * not the cache's business: the verifier checks it on every call.</li>
 * <li>At most {@link Rules#maxEntries} keys of each kind (Caffeine's size bound: the keys least
 * likely to be asked again go first, by how often and how recently they were).</li>
 * </ul>
 * Worked example with verifiedFor 60 s, staleFor 5 min: key A confirmed at 12:00:00 is Fresh until
 * 12:01:00, Stale from then until 12:05:00 (served during an outage of invoice-service that began
 * at, say, 12:00:30, until 12:05:00), and a Miss from 12:05:00 (refused with UNAVAILABLE until the
 * registry answers again).
 */
public final class ApiKeyCache {

    /** How long answers are kept; see the class comment. */
    public record Rules(Duration verifiedFor, Duration invalidFor, Duration staleFor, int maxEntries) {
        public Rules {
            if (staleFor.compareTo(verifiedFor) < 0) {
                throw new IllegalArgumentException("staleFor must be at least verifiedFor");
            }
        }
    }

    /** The answer of {@link #lookup}. */
    public sealed interface Lookup {
        /** Confirmed recently: use it. */
        record Fresh(VerifiedKey key) implements Lookup {}

        /** Confirmed a while ago: ask the registry, use this only if it cannot answer. */
        record Stale(VerifiedKey key) implements Lookup {}

        /** Refused recently: refuse. */
        record Invalid() implements Lookup {}

        /** Nothing known: ask the registry. */
        record Miss() implements Lookup {}
    }

    private record Verified(byte[] secretHash, VerifiedKey key, Instant confirmedAt) {}

    private final Rules rules;
    private final Cache<String, Verified> verified;
    private final Cache<String, Instant> invalid;
    private final Map<String, Instant> revoked = new HashMap<>();

    public ApiKeyCache(Rules rules) {
        this.rules = rules;
        this.verified = bounded(rules.maxEntries());
        this.invalid = bounded(rules.maxEntries());
    }

    /** What is known about {@code key} at {@code now}. */
    public synchronized Lookup lookup(ApiKey key, Instant now) {
        Instant refusedAt = invalid.getIfPresent(textHash(key));
        if (refusedAt != null) {
            if (now.isBefore(refusedAt.plus(rules.invalidFor()))) {
                return new Lookup.Invalid();
            }
            invalid.invalidate(textHash(key));
        }
        Verified entry = verified.getIfPresent(key.keyId());
        if (entry == null || !key.matches(entry.secretHash())) {
            return new Lookup.Miss();
        }
        if (now.isBefore(entry.confirmedAt().plus(rules.verifiedFor()))) {
            return new Lookup.Fresh(entry.key());
        }
        if (now.isBefore(entry.confirmedAt().plus(rules.staleFor()))) {
            return new Lookup.Stale(entry.key());
        }
        verified.invalidate(key.keyId());
        return new Lookup.Miss();
    }

    /** The registry confirmed {@code key} at {@code now} (ignored for a key revoked meanwhile). */
    public synchronized void verified(ApiKey key, VerifiedKey answer, Instant now) {
        if (revoked.containsKey(key.keyId())) {
            return;
        }
        verified.put(key.keyId(), new Verified(key.secretHash(), answer, now));
    }

    /** The registry refused {@code key} at {@code now}. */
    public synchronized void refused(ApiKey key, Instant now) {
        invalid.put(textHash(key), now);
    }

    /** {@code keyId} was revoked at {@code now}: forget it, and never cache it again. */
    public synchronized void revoke(String keyId, Instant now) {
        verified.invalidate(keyId);
        revoked.put(keyId, now);
        pruneRevoked(now);
    }

    /** Forget every verified key (revocations may have been missed). */
    public synchronized void clearVerified() {
        verified.invalidateAll();
    }

    /** Verified keys held (for tests and metrics). */
    public synchronized int size() {
        verified.cleanUp();
        return Math.toIntExact(verified.estimatedSize());
    }

    /**
     * A revoked id needs remembering only as long as an answer fetched before the revocation
     * could still arrive: the registry refuses the key itself afterwards.
     */
    private void pruneRevoked(Instant now) {
        Predicate<Instant> old = at -> at.plus(rules.staleFor()).isBefore(now);
        for (Iterator<Instant> it = revoked.values().iterator(); it.hasNext(); ) {
            if (old.test(it.next())) {
                it.remove();
            }
        }
    }

    private static String textHash(ApiKey key) {
        return java.util.HexFormat.of().formatHex(ApiKey.sha256(key.text()));
    }

    /**
     * At most {@code max} entries. Evictions run on the calling thread (no background executor): the
     * bound holds as soon as a write returns, and the cache starts no thread of its own.
     */
    private static <V> Cache<String, V> bounded(int max) {
        return Caffeine.newBuilder().maximumSize(max).executor(Runnable::run).build();
    }
}
