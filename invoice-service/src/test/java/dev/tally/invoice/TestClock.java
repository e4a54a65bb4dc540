package dev.tally.invoice;

import dev.tally.testing.ManualClock;
import jakarta.inject.Singleton;

/** The service's clock in tests (a {@link ManualClock}: stands still where tests set it); it replaces the default clock bean. */
@Singleton
public class TestClock extends ManualClock {
}
