package dev.tally.support.server;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.spi.Converter;

/** A Quarkus duration ({@code 5m}, {@code 30s}, {@code PT1H}), where {@code off} means zero: disabled. */
public class OptionalDuration implements Converter<Duration> {

    private static final DurationConverter DURATION = new DurationConverter();

    @Override
    public Duration convert(String value) {
        String text = value.trim();
        if (text.toLowerCase(Locale.ROOT).equals("off")) {
            return Duration.ZERO;
        }
        Duration duration = DURATION.convert(text);
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("not a duration (e.g. 5m, 300s) or off: " + value);
        }
        return duration;
    }
}
