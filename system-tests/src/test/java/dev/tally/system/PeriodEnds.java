package dev.tally.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * Scenarios that run through a real period end E a few seconds ahead (a subscription that started
 * one interval before E, as one brought over from another system does). What they check after E
 * must start from usage done before E; on a machine too slow to do it in the lead, the scenario is
 * set up again with new customers and a doubled lead, never by waiting a fixed time.
 */
final class PeriodEnds {

    /** How far ahead E is at the first try. */
    static final Duration LEAD = Duration.ofSeconds(12);

    private PeriodEnds() {}

    /**
     * {@code setUp(E)} with E = now + lead (whole seconds), again with a doubled lead while it
     * returns null (its usage was done only after E), at most 8 × {@link #LEAD}.
     */
    static <T> T beforeTheEnd(Function<Instant, T> setUp) {
        for (Duration lead = LEAD; ; lead = lead.multipliedBy(2)) {
            assertThat(lead)
                    .as("the usage before the period end done in time")
                    .isLessThanOrEqualTo(LEAD.multipliedBy(8));
            Instant end = Instant.now().plus(lead).truncatedTo(ChronoUnit.SECONDS);
            T done = setUp.apply(end);
            if (done != null) {
                return done;
            }
        }
    }

    /** {@code done} when now is still before {@code end}, else null (set up again); says how close it was. */
    static <T> T ifStillBefore(Instant end, T done, String scenario) {
        Duration left = Duration.between(Instant.now(), end);
        System.out.printf("%s: usage before the period end done %d ms before it%n", scenario, left.toMillis());
        return left.isNegative() ? null : done;
    }

    /** Until the real time is past {@code end}: polled (the system's own clock decides what happens then). */
    static void awaitPast(Instant end) {
        SystemUnderTest.eventually(
                        "the period end " + end + " passed",
                        LEAD.multipliedBy(8).plus(Duration.ofMinutes(1)))
                .until(() -> Instant.now().isAfter(end));
    }
}
