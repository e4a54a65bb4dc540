package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order in which a debit consumes grants: lowest priority value first, then the soonest
 * {@code expires_at} (grants that never expire, such as packs and top-ups, after every grant
 * that does), then the oldest. The one place this rule lives.
 */
public final class GrantOrder {

    public static final Comparator<Grant> CONSUMPTION = Comparator
            .comparingInt(Grant::priority)
            .thenComparing(Grant::expiresAt, Comparator.<Instant>nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(Grant::createdVersion)
            .thenComparing(Grant::id);

    private GrantOrder() {
    }
}
