package dev.tally.invoice.domain;

/**
 * A validated UpdateSubscription.
 *
 * @param planVersion 0: the latest
 * @param immediately true: close the open period now and start one on the new plan; false: from the next period
 */
public record PlanChange(String subscriptionId, String planId, int planVersion, boolean immediately) {}
