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

    private volatile PeriodStep step;
    private volatile Moment moment;

    /** Makes the next run of {@code step} fail at {@code moment} (once). */
    public void arm(PeriodStep step, Moment moment) {
        this.step = step;
        this.moment = moment;
    }

    public void disarm() {
        step = null;
        moment = null;
    }

    void at(PeriodStep current, Moment now) {
        if (current == step && now == moment) {
            disarm();
            throw new InjectedCrash(current, now);
        }
    }

    /** The failure thrown by an armed hook. */
    public static final class InjectedCrash extends RuntimeException {
        InjectedCrash(PeriodStep step, Moment moment) {
            super("injected crash " + moment.name().toLowerCase() + " of step " + step, null, false, false);
        }
    }
}
