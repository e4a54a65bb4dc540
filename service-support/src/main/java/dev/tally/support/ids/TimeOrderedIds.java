package dev.tally.support.ids;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids made by the services (events, operations, grants, holds, debits): UUID version 7 (RFC 9562),
 * whose first 48 bits are the Unix time in milliseconds. Ids made later sort later, so the indexes
 * keyed by them grow at their right edge instead of at random pages.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {}

    public static UUID next(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = at.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
