package dev.tally.usage.domain;

import java.time.Instant;

/** One METERED allowance: a customer's units of one feature in one billing period. */
public record AllowanceKey(String customerId, Instant periodStart, String featureCode) {}
