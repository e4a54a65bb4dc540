package dev.tally.usage.support;

import dev.tally.testing.OffsetClock;
import jakarta.inject.Singleton;

/** The service's clock in tests (an {@link OffsetClock}); it replaces the default clock bean. */
@Singleton
public class TestClock extends OffsetClock {}
