package dev.tally.support.proto;

import com.google.protobuf.Timestamp;
import dev.tally.support.error.Violations;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code google.protobuf.Timestamp} ↔ {@link Instant}. Instants read from requests are truncated
 * to microseconds, the precision PostgreSQL's {@code timestamptz} keeps, so what a service stores,
 * compares and hashes is what it will read back. A timestamp outside the range the protobuf type
 * allows (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z) or with nanos outside
 * 0..999,999,999 is a violation naming the field.
 */
public final class ProtoTime {

    /** 0001-01-01T00:00:00Z. */
    public static final long MIN_SECONDS = -62_135_596_800L;
    /** 9999-12-31T23:59:59Z. */
    public static final long MAX_SECONDS = 253_402_300_799L;

    private ProtoTime() {}

    /** The wire form of an instant (null stays null). */
    public static Timestamp timestamp(Instant instant) {
        return instant == null
                ? null
                : Timestamp.newBuilder()
                        .setSeconds(instant.getEpochSecond())
                        .setNanos(instant.getNano())
                        .build();
    }

    /** A required timestamp; null with a violation when absent or out of range. */
    public static Instant required(Violations violations, String field, boolean present, Timestamp value) {
        if (!present) {
            violations.add(field, "must be set");
            return null;
        }
        return optional(violations, field, true, value);
    }

    /** An optional timestamp: null when absent; null with a violation when out of range. */
    public static Instant optional(Violations violations, String field, boolean present, Timestamp value) {
        if (!present) {
            return null;
        }
        if (value.getSeconds() < MIN_SECONDS
                || value.getSeconds() > MAX_SECONDS
                || value.getNanos() < 0
                || value.getNanos() > 999_999_999) {
            violations.add(field, "must be a valid timestamp between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
            return null;
        }
        return Instant.ofEpochSecond(value.getSeconds(), value.getNanos()).truncatedTo(ChronoUnit.MICROS);
    }

    /** An optional timestamp with a default (e.g. the injected clock's now, truncated to microseconds). */
    public static Instant orDefault(
            Violations violations, String field, boolean present, Timestamp value, Instant fallback) {
        return present ? optional(violations, field, true, value) : fallback.truncatedTo(ChronoUnit.MICROS);
    }
}
