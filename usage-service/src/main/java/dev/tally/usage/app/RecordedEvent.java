package dev.tally.usage.app;

import dev.tally.usage.domain.MeteredSplit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as it is stored: its id, when it was stored, its priced result and, on METERED plans,
 * its split and the feature's units used this period after it; otherwise the wallet balance it
 * leaves, as far as the last balance the wallet reported tells.
 *
 * @param split           METERED only: included and overage units; null otherwise
 * @param usedAfter       METERED only: the feature's units this period including this event; null otherwise
 * @param balanceEstimate CREDITS and BALANCE: the last available balance the wallet reported, less this
 *                        event's charge; null when none is known (and for METERED)
 */
public record RecordedEvent(
        UUID eventId,
        Instant createTime,
        PricedEvent priced,
        MeteredSplit split,
        BigDecimal usedAfter,
        BigDecimal balanceEstimate) {}
