package dev.tally.invoice.app;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.PeriodStep;
import dev.tally.kit.config.TestOnlySettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Failure injection of the period close, for the crash tests only: a crash after a step's effect
 * but before its record (the next run repeats the effect with the same idempotency key), or after
 * its record committed.
 * <ul>
 * <li>In the test JVM, {@link #arm} makes the next run of one step of one period throw.</li>
 * <li>In a service process started by a test, {@code tally.invoice.billing.crash-at=<STEP>[:AFTER_COMMIT]}
 * (env TALLY_INVOICE_BILLING_CRASH_AT) halts the JVM at once ({@code Runtime.halt}: no shutdown, no
 * rollback other than the database's own) the first time any period reaches that point. It is a
 * test-only setting ({@link TestOnlySettings}): outside the {@code it}, {@code test} and {@code dev}
 * profiles the service refuses to start with it, so it cannot halt a production replica by accident.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class CloseFaults {

    static final String CRASH_AT = "tally.invoice.billing.crash-at";
    private static final Logger LOG = Logger.getLogger(CloseFaults.class);

    /** Where a crash happens. */
    public enum Moment {
        AFTER_EFFECT,
        AFTER_COMMIT
    }

    private record Armed(String periodId, PeriodStep step, Moment moment) {}

    private volatile Armed armed;
    private final PeriodStep haltStep;
    private final Moment haltMoment;

    CloseFaults(InvoiceConfig config) {
        String[] parts = config.billing()
                .crashAt()
                .map(s -> s.trim().toUpperCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .map(s -> s.split(":"))
                .orElse(null);
        if (parts != null) {
            TestOnlySettings.refuseOutsideTests(CRASH_AT);
        }
        haltStep = parts == null ? null : PeriodStep.valueOf(parts[0]);
        haltMoment = parts == null ? null : parts.length > 1 ? Moment.valueOf(parts[1]) : Moment.AFTER_EFFECT;
        if (haltStep != null) {
            LOG.warnf(
                    "crash injection armed: this process halts %s of step %s (%s, a test-only setting)",
                    haltMoment, haltStep, CRASH_AT);
        }
    }

    /** Makes the next run of {@code step} of that period fail at {@code moment} (once). */
    public void arm(String periodId, PeriodStep step, Moment moment) {
        armed = new Armed(periodId, step, moment);
    }

    public void disarm() {
        armed = null;
    }

    void at(String periodId, PeriodStep step, Moment moment) {
        if (step == haltStep && moment == haltMoment) {
            LOG.errorf("injected crash %s of step %s of period %s: halting", moment, step, periodId);
            Runtime.getRuntime().halt(99);
        }
        if (new Armed(periodId, step, moment).equals(armed)) {
            disarm();
            throw new InjectedCrash(step, moment);
        }
    }

    /** The failure thrown by an armed hook. */
    public static final class InjectedCrash extends RuntimeException {
        InjectedCrash(PeriodStep step, Moment moment) {
            super("injected crash " + moment.name().toLowerCase(Locale.ROOT) + " of step " + step, null, false, false);
        }
    }
}
