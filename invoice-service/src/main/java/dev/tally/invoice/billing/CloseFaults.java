package dev.tally.invoice.billing;

import dev.tally.invoice.domain.PeriodStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A failure-injection hook of the period close, for tests that crash the job after each step: a
 * crash after a step's effect but before its record (the effect is repeated, with the same
 * idempotency key, by the next run), or after its record committed. Never armed in production.
 */
@ApplicationScoped
public class CloseFaults {

    /** Where a crash happens. */
    public enum Moment { AFTER_EFFECT, AFTER_COMMIT }

    private record Armed(String periodId, PeriodStep step, Moment moment) {
    }

    private volatile Armed armed;

    /** Makes the next run of {@code step} of that period fail at {@code moment} (once). */
    public void arm(String periodId, PeriodStep step, Moment moment) {
        armed = new Armed(periodId, step, moment);
    }

    public void disarm() {
        armed = null;
    }

    void at(String periodId, PeriodStep step, Moment moment) {
        if (new Armed(periodId, step, moment).equals(armed)) {
            disarm();
            throw new InjectedCrash(step, moment);
        }
    }

    /** The failure thrown by an armed hook. */
    public static final class InjectedCrash extends RuntimeException {
        InjectedCrash(PeriodStep step, Moment moment) {
            super("injected crash " + moment.name().toLowerCase() + " of step " + step, null, false, false);
        }
    }
}
