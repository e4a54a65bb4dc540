package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.plan.Period;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntitlementWindowTest {

    private static final Period MARCH =
            new Period(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    private static final Instant GRACE_END = Instant.parse("2026-04-01T01:00:00Z");
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void anOpenPeriodIsCachedUntilItsEnd() {
        Instant now = Instant.parse("2026-03-31T23:30:00Z");
        assertThat(EntitlementWindow.of(MARCH, GRACE_END, false, now, MAX))
                .isEqualTo(new EntitlementWindow(false, MARCH.end()));
        // mid-month, the end is further than the longest cache time
        Instant mid = Instant.parse("2026-03-15T00:00:00Z");
        assertThat(EntitlementWindow.of(MARCH, GRACE_END, false, mid, MAX).cacheUntil())
                .isEqualTo(mid.plus(MAX));
    }

    @Test
    void inItsGraceAPeriodStillTakesEventsUntilTheGraceEnd() {
        Instant now = Instant.parse("2026-04-01T00:20:00Z");
        assertThat(EntitlementWindow.of(MARCH, GRACE_END, false, now, MAX))
                .isEqualTo(new EntitlementWindow(false, GRACE_END));
    }

    @Test
    void afterItsGraceOrOnceClosedItTakesNone() {
        Instant late = Instant.parse("2026-04-01T02:00:00Z");
        assertThat(EntitlementWindow.of(MARCH, GRACE_END, false, late, MAX))
                .isEqualTo(new EntitlementWindow(true, late.plus(MAX)));
        Instant inGrace = Instant.parse("2026-04-01T00:20:00Z");
        assertThat(EntitlementWindow.of(MARCH, GRACE_END, true, inGrace, MAX).periodClosed())
                .isTrue();
    }
}
