package dev.tally.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A service's clock in tests that stands still at an instant tests set ({@link #set}) and move
 * ({@link #advance}), so a test crosses period boundaries and grace ends exactly. Microsecond
 * resolution, like the production clock. A service's tests declare it as their clock bean with
 * {@code @Singleton public class TestClock extends ManualClock {}}.
 */
public class ManualClock extends Clock {

    private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    public void set(Instant instant) {
        now = instant.truncatedTo(ChronoUnit.MICROS);
    }

    public void advance(Duration by) {
        now = now.plus(by).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Instant instant() {
        return now;
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
