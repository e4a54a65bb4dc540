package dev.tally.invoice.domain;

import java.time.Instant;

/** A committed change that invalidates a customer's cached entitlements. */
public record EntitlementChange(String customerId, String subscriptionId, Instant changeTime) {}
