package dev.tally.support.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7AndLaterOnesSortLater() {
        Instant now = Instant.parse("2025-07-10T12:00:00Z");
        UUID first = TimeOrderedIds.next(now);
        UUID later = TimeOrderedIds.next(now.plusMillis(1));
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        // the first 48 bits are the Unix time in milliseconds: 1752148800000
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(first.toString().compareTo(later.toString())).isNegative();
        assertThat(TimeOrderedIds.next(now)).isNotEqualTo(first);
    }
}
