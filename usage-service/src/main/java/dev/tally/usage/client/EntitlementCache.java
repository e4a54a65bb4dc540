package dev.tally.usage.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.tally.usage.domain.Entitlement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * invoice-service's answers (Caffeine), per customer and billing period. An answer is served while
 * the lookup's instant is in its period, until its {@code cache_until_time}, at most {@code max-age}
 * after it was fetched ({@code stale-age} while WatchEntitlementChanges is down, {@link #watching}),
 * and never after a change was reported for its customer ({@link #invalidate}) or the change stream
 * (re)connected ({@link #invalidateAll}). At most {@value #MAX_CUSTOMERS} customers are kept
 * (Caffeine's size eviction); a customer's answers leave with the last of them to expire.
 *
 * <p>Invalidations are numbered. A fetch takes the number current when it starts ({@link #ticket});
 * its answer is kept and served only while no invalidation of its customer, or of all, has a higher
 * number: an answer fetched before a change was reported is never served after it, whichever of the
 * fetch and the report completes first.
 */
final class EntitlementCache {

    /** Most customers whose answers are kept. */
    static final int MAX_CUSTOMERS = 200_000;

    private record Cached(Entitlement entitlement, Instant fetchedAt, Instant validUntil, long ticket) {}

    private final Clock clock;
    private final Duration maxAge;
    private final Duration staleAge;
    private final Cache<String, List<Cached>> answers;
    /** Per customer, the number of its last invalidation: kept as long as an answer fetched before it may be served. */
    private final Cache<String, Long> invalidated;

    private final AtomicLong invalidations = new AtomicLong();
    /** Answers with a lower ticket are not served: fetched before the last invalidation of all. */
    private final AtomicLong floor = new AtomicLong();

    private volatile boolean watching;

    EntitlementCache(Clock clock, Duration maxAge, Duration staleAge) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.staleAge = staleAge;
        this.answers = Caffeine.newBuilder()
                .maximumSize(MAX_CUSTOMERS)
                .expireAfter(Expiry.<String, List<Cached>>writing((customer, entries) -> untilLast(entries)))
                .build();
        this.invalidated = Caffeine.newBuilder()
                .maximumSize(MAX_CUSTOMERS)
                .expireAfterWrite(maxAge.compareTo(staleAge) >= 0 ? maxAge : staleAge)
                .<String, Long>evictionListener((customer, number, cause) -> {
                    if (cause == RemovalCause.SIZE && number != null) {
                        // too many reports at once to remember each: treat it as a report for every customer
                        floor.accumulateAndGet(number, Math::max);
                    }
                })
                .build();
    }

    /** The number a fetch starts with, for {@link #put}. */
    long ticket() {
        return invalidations.get();
    }

    /** The answer for the customer at {@code at}, or null when none may be served. */
    Entitlement get(String customerId, Instant at, Instant now) {
        List<Cached> entries = answers.getIfPresent(customerId);
        if (entries == null) {
            return null;
        }
        long since = invalidatedSince(customerId);
        Duration age = watching ? maxAge : staleAge;
        for (Cached entry : entries) {
            if (entry.ticket() >= since
                    && entry.entitlement().period().contains(at)
                    && now.isBefore(entry.validUntil())
                    && now.isBefore(entry.fetchedAt().plus(age))) {
                return entry.entitlement();
            }
        }
        return null;
    }

    /** Keeps an answer fetched at {@code fetchedAt} with {@code ticket}, beside the customer's answers for other periods. */
    void put(Entitlement entitlement, Instant fetchedAt, long ticket) {
        Instant until = fetchedAt.plus(maxAge);
        if (entitlement.cacheUntil() != null && entitlement.cacheUntil().isBefore(until)) {
            until = entitlement.cacheUntil();
        }
        Cached entry = new Cached(entitlement, fetchedAt, until, ticket);
        answers.asMap().compute(entitlement.customerId(), (customer, entries) -> {
            long since = invalidatedSince(customer);
            if (ticket < since) {
                return entries; // a change was reported after the fetch started: the answer may be stale
            }
            List<Cached> kept = new ArrayList<>(entries == null ? 1 : entries.size() + 1);
            if (entries != null) {
                for (Cached old : entries) {
                    if (fetchedAt.isBefore(old.validUntil())
                            && old.ticket() >= since
                            && !old.entitlement().period().equals(entitlement.period())) {
                        kept.add(old);
                    }
                }
            }
            kept.add(entry);
            return kept;
        });
    }

    /** Drops the customer's answers (a change was reported for it). */
    void invalidate(String customerId) {
        invalidated.put(customerId, invalidations.incrementAndGet());
        answers.invalidate(customerId);
    }

    /** Drops every answer (the change stream (re)connected: changes meanwhile are not replayed). */
    void invalidateAll() {
        floor.accumulateAndGet(invalidations.incrementAndGet(), Math::max);
        answers.invalidateAll();
    }

    /** Whether changes are being received (answers are then served up to max-age, else stale-age). */
    void watching(boolean connected) {
        this.watching = connected;
    }

    private long invalidatedSince(String customerId) {
        Long last = invalidated.getIfPresent(customerId);
        return Math.max(floor.get(), last == null ? 0 : last);
    }

    private Duration untilLast(List<Cached> entries) {
        Instant last = entries.get(0).validUntil();
        for (Cached entry : entries) {
            if (entry.validUntil().isAfter(last)) {
                last = entry.validUntil();
            }
        }
        Duration left = Duration.between(clock.instant(), last);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
