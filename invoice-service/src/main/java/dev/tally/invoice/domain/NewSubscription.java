package dev.tally.invoice.domain;

import java.time.Instant;

/**
 * A validated CreateSubscription.
 *
 * @param planVersion 0: the latest
 * @param startTime   when the first period starts (now or later)
 */
public record NewSubscription(String customerId, String planId, int planVersion, Instant startTime) {}
