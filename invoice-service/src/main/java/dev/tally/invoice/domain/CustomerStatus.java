package dev.tally.invoice.domain;

/** Lifecycle of a customer. */
public enum CustomerStatus {
    ACTIVE,
    ARCHIVED
}
