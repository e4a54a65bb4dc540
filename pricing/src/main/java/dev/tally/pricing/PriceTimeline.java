package dev.tally.pricing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** When a new price version may start: history is append-only and never rewritten. */
public final class PriceTimeline {

    private PriceTimeline() {}

    /**
     * A synced version starts now, or 1 µs after the latest version when the clock is not past it
     * (e.g. two syncs within one clock tick, or clock skew between replicas), so versions of a
     * model never share a start. The database stores microseconds.
     */
    public static Instant nextEffectiveTime(Instant now, Model existing) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        if (existing == null) {
            return at;
        }
        Instant latest = existing.latest().effectiveTime();
        return at.isAfter(latest) ? at : latest.plus(1, ChronoUnit.MICROS);
    }
}
