package dev.tally.usage.domain;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Whether an event may still be recorded (or corrected) in its billing period, decided from the
 * period data invoice-service gives (never from whether a stream is connected):
 * <ul>
 * <li>an event's time is at most {@link #MAX_AHEAD} after now (clock skew), else INVALID_ARGUMENT;</li>
 * <li>its period accepts events until its grace end: once {@code now >= grace_end_time}, or once
 * invoice-service says the period is closed, or when the event is before {@code closed_before_time}
 * (an older period already closed), it is FAILED_PRECONDITION {@code PERIOD_CLOSED}.</li>
 * </ul>
 * Worked example: period [Jul 1, Aug 1), grace 3 days: an event of Jul 31 23:59 arriving Aug 2 is
 * recorded in July's period (and uses July's grants); the same event arriving Aug 4 00:00 is
 * PERIOD_CLOSED (the July invoice will be or has been finalized).
 */
public final class PeriodRule {

    /** How far in the future an occurred time may be (clock skew between client and server). */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private PeriodRule() {}

    /** Whether {@code occurred} is too far ahead of {@code now}. */
    public static boolean tooFarAhead(Instant occurred, Instant now) {
        return occurred.isAfter(now.plus(MAX_AHEAD));
    }

    /** Fails with PERIOD_CLOSED unless an event at {@code occurred} may be recorded now in {@code plan}'s period. */
    public static void requireOpen(Entitlement plan, Instant occurred, Instant now) {
        boolean closed = plan.periodClosed()
                || !now.isBefore(plan.graceEnd())
                || (plan.closedBefore() != null && occurred.isBefore(plan.closedBefore()));
        if (closed) {
            throw new TallyException(
                    Reason.PERIOD_CLOSED,
                    "the billing period of " + occurred + " [" + plan.period().start() + ", "
                            + plan.period().end() + ") no longer accepts events: its grace window ended at "
                            + plan.graceEnd(),
                    Map.of(
                            "period_start_time",
                            plan.period().start().toString(),
                            "grace_end_time",
                            plan.graceEnd().toString()),
                    List.of());
        }
    }
}
