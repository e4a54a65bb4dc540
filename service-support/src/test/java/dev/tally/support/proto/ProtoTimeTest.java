package dev.tally.support.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtoTimeTest {

    @Test
    void roundTripsTruncatedToMicroseconds() {
        Violations v = new Violations();
        Timestamp wire = Timestamp.newBuilder()
                .setSeconds(1_767_225_600L)
                .setNanos(123_456_789)
                .build();
        Instant read = ProtoTime.required(v, "occurred_time", true, wire);
        // PostgreSQL keeps microseconds: .123456789 is stored and read back as .123456
        assertThat(read).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        assertThat(ProtoTime.timestamp(read))
                .isEqualTo(wire.toBuilder().setNanos(123_456_000).build());
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void outOfRangeIsAViolationOnTheField() {
        Violations v = new Violations();
        assertThat(ProtoTime.optional(
                        v,
                        "expire_time",
                        true,
                        Timestamp.newBuilder()
                                .setSeconds(ProtoTime.MAX_SECONDS + 1)
                                .build()))
                .isNull();
        assertThat(ProtoTime.optional(
                        v,
                        "effective_time",
                        true,
                        Timestamp.newBuilder().setSeconds(0).setNanos(-1).build()))
                .isNull();
        assertThat(ProtoTime.required(v, "start_time", false, Timestamp.getDefaultInstance()))
                .isNull();
        assertThat(v.list())
                .extracting(TallyException.FieldViolation::field)
                .containsExactly("expire_time", "effective_time", "start_time");
    }

    @Test
    void absentTakesTheDefault() {
        Violations v = new Violations();
        Instant now = Instant.parse("2026-03-01T10:00:00.000000999Z");
        assertThat(ProtoTime.orDefault(v, "occurred_time", false, Timestamp.getDefaultInstance(), now))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(ProtoTime.optional(v, "expire_time", false, Timestamp.getDefaultInstance()))
                .isNull();
        assertThat(ProtoTime.timestamp(null)).isNull();
    }
}
