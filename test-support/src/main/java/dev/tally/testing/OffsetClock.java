package dev.tally.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A service's clock in tests: the system time shifted by an offset tests control
 * ({@link #advance}, {@link #reset}), ticking in microseconds like the production clock
 * (service-kit's {@code ServiceClock}). A service's tests declare it as their clock bean with
 * {@code @Singleton public class TestClock extends OffsetClock {}}, replacing the default one.
 * For a clock that stands still, see {@link ManualClock}.
 */
public class OffsetClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service clock is UTC");
    }
}
