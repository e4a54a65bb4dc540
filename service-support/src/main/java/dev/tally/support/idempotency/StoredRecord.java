package dev.tally.support.idempotency;

import java.time.Instant;

/**
 * An idempotency record as stored: what the first call asked (method, payload hash) and answered.
 *
 * @param response   the serialised response the first call returned (its replays return it again)
 * @param resourceId what the call created or changed (e.g. a sync run id), for replays that report
 *                   its current state; null when the response says it all
 */
public record StoredRecord(String method, byte[] payloadHash, byte[] response, String resourceId, Instant createdAt) {}
