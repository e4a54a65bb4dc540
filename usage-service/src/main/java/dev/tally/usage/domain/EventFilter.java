package dev.tally.usage.domain;

import java.time.Instant;

/** ListEvents filters; empty strings and null instants mean "any". */
public record EventFilter(
        String customerId, String featureCode, String modelId, Instant from, Instant to, String idempotencyKey) {}
