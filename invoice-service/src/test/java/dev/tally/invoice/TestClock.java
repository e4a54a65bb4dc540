package dev.tally.invoice;

import dev.tally.invoice.fakes.FakeServices;
import dev.tally.testing.ManualClock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests (a {@link ManualClock}: stands still where tests set it); it replaces
 * the default clock bean. It is {@link FakeServices#CLOCK}, which the fake wallet keeps time by too,
 * so both sides of a call agree on "now" as the real services do.
 */
public class TestClock extends ManualClock {

    /** The one test clock, as a bean. */
    static class Producer {
        @Produces
        @Singleton
        TestClock clock() {
            return FakeServices.CLOCK;
        }
    }
}
