package dev.tally.usage.ingest;

import dev.tally.usage.domain.MeteredSplit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as it is stored: its id, when it was stored, its priced result and, on METERED plans,
 * its split and the feature's units used this period after it.
 *
 * @param split     METERED only: included and overage units; null otherwise
 * @param usedAfter METERED only: the feature's units this period including this event; null otherwise
 */
public record RecordedEvent(UUID eventId, Instant createTime, PricedEvent priced, MeteredSplit split, BigDecimal usedAfter) {
}
