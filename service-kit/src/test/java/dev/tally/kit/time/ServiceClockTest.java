package dev.tally.kit.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ServiceClockTest {

    @Test
    void ticksInMicrosecondsLikePostgresql() {
        Clock clock = ServiceClock.of(Duration.ZERO);
        for (int i = 0; i < 1_000; i++) {
            Instant now = clock.instant();
            assertThat(now).isEqualTo(now.truncatedTo(ChronoUnit.MICROS));
        }
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void anOffsetMovesTheClockByThatMuch() {
        Instant before = Instant.now();
        Instant ahead = ServiceClock.of(Duration.ofDays(40)).instant();
        Instant after = Instant.now();

        assertThat(ahead)
                .isBetween(
                        before.plus(Duration.ofDays(40)).truncatedTo(ChronoUnit.MICROS),
                        after.plus(Duration.ofDays(40)));
        assertThat(ahead).isEqualTo(ahead.truncatedTo(ChronoUnit.MICROS));
    }
}
