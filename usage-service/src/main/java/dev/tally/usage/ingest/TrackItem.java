package dev.tally.usage.ingest;

import dev.tally.support.idempotency.RequestKey;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.v1.TrackRequest;

import java.time.Instant;

/**
 * One valid Track request (or batch or stream item), ready to be resolved, priced and stored.
 *
 * @param occurredTime the request's time, or the server's now when it left it unset (µs)
 * @param holdId       the hold to capture, or null
 * @param request      the request as sent (its quantity and properties are stored with the event)
 */
public record TrackItem(String customerId, String featureCode, RequestKey key, Quantity quantity, Instant occurredTime,
                        String holdId, TrackRequest request) {
}
