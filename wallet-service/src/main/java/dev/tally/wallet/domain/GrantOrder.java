package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order in which a debit consumes the grants in force at its occurred time: lowest priority
 * value first, then the soonest {@code expire_time} (grants that never expire, such as packs and
 * top-ups, after every grant that does), then the oldest. The one place this rule lives.
 */
public final class GrantOrder {

    public static final Comparator<Grant> CONSUMPTION = Comparator.comparingInt(Grant::priority)
            .thenComparing(Grant::expireTime, Comparator.<Instant>nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(Grant::createdVersion)
            .thenComparing(Grant::id);

    private GrantOrder() {}
}
