package dev.tally.invoice.domain;

import dev.tally.shared.plan.Period;
import java.time.Duration;
import java.time.Instant;

/**
 * How long usage-service may rely on a customer's entitlements, and whether their period still
 * takes events. A period takes events until its grace end (late events of a period arrive after
 * its end and are still counted in it); once the grace has ended, or the period has been closed
 * and invoiced, its events are refused (PERIOD_CLOSED).
 * <p>
 * The answer may be cached until the first of these instants still in the future: the period's
 * end (the next period, perhaps on another plan, begins), its grace end (it stops taking events);
 * with neither in the future, for {@code maxCache}. Any other change (cancellation, plan change,
 * renewal, close) is announced by WatchEntitlementChanges.
 * <p>
 * Example: period 2026-03-01..2026-04-01, grace 1 h. At 03-15: open, cache until 04-01T00:00.
 * At 04-01T00:20: open (in grace), cache until 04-01T01:00. At 04-01T02:00: closed, cache for maxCache.
 */
public record EntitlementWindow(boolean periodClosed, Instant cacheUntil) {

    public static EntitlementWindow of(
            Period period, Instant graceEnd, boolean closed, Instant now, Duration maxCache) {
        boolean periodClosed = closed || !now.isBefore(graceEnd);
        Instant until = now.plus(maxCache);
        if (period.end().isAfter(now) && period.end().isBefore(until)) {
            until = period.end();
        } else if (!periodClosed && graceEnd.isAfter(now) && graceEnd.isBefore(until)) {
            until = graceEnd;
        }
        return new EntitlementWindow(periodClosed, until);
    }
}
