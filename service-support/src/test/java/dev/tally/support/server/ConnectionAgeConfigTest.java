package dev.tally.support.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection age setting and its jitter. */
class ConnectionAgeConfigTest {

    private final OptionalDuration converter = new OptionalDuration();

    @Test
    void ageIsAQuarkusDurationOrOff() {
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("off")).isZero();
        assertThat(converter.convert(" OFF ")).isZero();
        assertThatThrownBy(() -> converter.convert("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachConnectionAgesWithinTenPercentOfTheSetting() {
        // 5 min = 300 s: from 0.9 × 300 = 270 s (random 0) through 300 s (random 0.5) to just under 330 s
        Duration age = Duration.ofMinutes(5);
        assertThat(MaxConnectionAge.jittered(age, 0.0)).isEqualTo(Duration.ofSeconds(270));
        assertThat(MaxConnectionAge.jittered(age, 0.5)).isEqualTo(Duration.ofSeconds(300));
        assertThat(MaxConnectionAge.jittered(age, 0.25)).isEqualTo(Duration.ofSeconds(285));
        assertThat(MaxConnectionAge.jittered(age, 0.999_999))
                .isLessThan(Duration.ofSeconds(330))
                .isGreaterThan(Duration.ofMillis(329_999));
    }
}
