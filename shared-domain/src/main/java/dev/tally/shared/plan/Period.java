package dev.tally.shared.plan;

import java.time.Instant;
import java.util.Objects;

/** A half-open billing period [start, end). */
public record Period(Instant start, Instant end) {

    public Period {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a period ends after it starts: " + start + " .. " + end);
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** The same start, ending at {@code newEnd} (an immediate cancellation or plan change). */
    public Period endingAt(Instant newEnd) {
        return new Period(start, newEnd);
    }
}
