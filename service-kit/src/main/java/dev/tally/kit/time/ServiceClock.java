package dev.tally.kit.time;

import dev.tally.kit.config.TestOnlySettings;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one clock of every service, for every time-dependent rule (periods, expiry, default event
 * times, backoff): UTC, ticking in microseconds like PostgreSQL's {@code timestamptz}, so an instant
 * read from it is stored and read back unchanged and never needs truncating.
 * <p>
 * In-process tests replace it with their own clock bean (test-support's {@code OffsetClock}). A
 * packaged service started by a test (the {@code it} profile) may run ahead of or behind the real
 * time by {@code tally.clock.offset} (e.g. {@code PT2H}, {@code -PT30M}), so a period ends when the
 * test says instead of when the wall clock gets there; the setting is refused in production
 * ({@link TestOnlySettings}).
 */
public class ServiceClock {

    /** One tick: a microsecond, PostgreSQL's timestamp resolution. */
    public static final Duration TICK = Duration.ofNanos(1_000);

    private static final Logger LOG = Logger.getLogger(ServiceClock.class);

    @Produces
    @DefaultBean
    @Singleton
    Clock clock(@ConfigProperty(name = "tally.clock.offset") Optional<Duration> offset) {
        return of(offset.filter(o -> !o.isZero())
                .map(o -> {
                    TestOnlySettings.refuseOutsideTests("tally.clock.offset");
                    LOG.warnf(
                            "this service's clock runs %s from the real time (tally.clock.offset, a test-only setting)",
                            o);
                    return o;
                })
                .orElse(Duration.ZERO));
    }

    /** UTC in microsecond ticks, shifted by {@code offset}. */
    public static Clock of(Duration offset) {
        Clock utc = Clock.systemUTC();
        return Clock.tick(offset.isZero() ? utc : Clock.offset(utc, offset), TICK);
    }
}
