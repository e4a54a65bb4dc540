package dev.tally.catalog.grpc;

import com.google.protobuf.Timestamp;
import dev.tally.support.error.Violations;

import java.time.Instant;

/** google.protobuf.Timestamp ↔ Instant. */
final class ProtoTime {

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range a Timestamp may hold. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private ProtoTime() {
    }

    static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** The instant, or null with a violation for {@code field} when the timestamp is out of range. */
    static Instant instant(Timestamp timestamp, String field, Violations violations) {
        if (timestamp.getSeconds() < MIN_SECONDS || timestamp.getSeconds() > MAX_SECONDS
                || timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
            violations.add(field, "is not a valid timestamp");
            return null;
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
