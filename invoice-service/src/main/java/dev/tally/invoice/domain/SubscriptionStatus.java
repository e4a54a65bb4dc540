package dev.tally.invoice.domain;

/** Lifecycle of a subscription: PENDING until its start, ACTIVE, then CANCELED. */
public enum SubscriptionStatus {
    PENDING,
    ACTIVE,
    CANCELED
}
