package dev.tally.usage.domain;

import java.time.Instant;

/** QueryUsage filters: the time range [from, to), and empty strings for "any". */
public record UsageFilter(
        Instant from, Instant to, String customerId, String featureCode, String modelId, String provider) {}
