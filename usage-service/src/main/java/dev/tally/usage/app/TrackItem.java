package dev.tally.usage.app;

import dev.tally.support.idempotency.RequestKey;
import dev.tally.usage.domain.Quantity;
import java.time.Instant;
import java.util.Map;

/**
 * One valid Track request (or batch or stream item), ready to be resolved, priced and stored.
 *
 * @param occurredTime the request's time, or the server's now when it left it unset (µs)
 * @param holdId       the hold to capture, or null
 * @param properties   the request's properties (stored with the event)
 */
public record TrackItem(
        String customerId,
        String featureCode,
        RequestKey key,
        Quantity quantity,
        Instant occurredTime,
        String holdId,
        Map<String, String> properties) {}
