package dev.tally.invoice.domain;

import dev.tally.shared.plan.Period;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Period arithmetic: periods are counted from an anchor (the subscription's start, or the start of
 * the period where its billing interval last changed) in whole calendar months, UTC, each bound
 * computed from the anchor itself so a clamped month never shifts the later ones.
 * <p>
 * Worked example, monthly, anchor 2026-01-31T10:00Z (the 31st):
 * <pre>
 * period 0: 2026-01-31T10:00Z .. 2026-02-28T10:00Z   (February has no 31st: clamped to its last day)
 * period 1: 2026-02-28T10:00Z .. 2026-03-31T10:00Z   (anchor + 2 months: back on the 31st, no drift)
 * period 2: 2026-03-31T10:00Z .. 2026-04-30T10:00Z
 * </pre>
 * Quarterly from 2025-11-30: 11-30 .. 02-28 (2026, clamped) .. 05-30 .. 08-30. Yearly from
 * 2024-02-29 (leap day): 2024-02-29 .. 2025-02-28 .. 2026-02-28 .. 2027-02-28 .. 2028-02-29.
 */
public final class BillingPeriods {

    private BillingPeriods() {}

    /** Bounds of period {@code index} (0 = the one starting at the anchor). */
    public static Period period(Instant anchor, BillingInterval interval, long index) {
        if (index < 0) {
            throw new IllegalArgumentException("period index must not be negative: " + index);
        }
        return new Period(boundary(anchor, interval, index), boundary(anchor, interval, index + 1));
    }

    /** The index of the period containing {@code t} (t at or after the anchor). */
    public static long indexAt(Instant anchor, BillingInterval interval, Instant t) {
        if (t.isBefore(anchor)) {
            throw new IllegalArgumentException(t + " is before the anchor " + anchor);
        }
        ZonedDateTime from = anchor.atZone(ZoneOffset.UTC);
        ZonedDateTime at = t.atZone(ZoneOffset.UTC);
        long months = (at.getYear() - from.getYear()) * 12L + (at.getMonthValue() - from.getMonthValue());
        long index = Math.max(0, months / interval.months() - 1);
        while (!boundary(anchor, interval, index + 1).isAfter(t)) {
            index++;
        }
        return index;
    }

    /** The first instant of period {@code index}. */
    public static Instant boundary(Instant anchor, BillingInterval interval, long index) {
        return anchor.atZone(ZoneOffset.UTC)
                .plusMonths(index * interval.months())
                .toInstant();
    }
}
