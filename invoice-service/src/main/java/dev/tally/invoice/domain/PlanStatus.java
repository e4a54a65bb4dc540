package dev.tally.invoice.domain;

/** Lifecycle of a plan (all its versions). */
public enum PlanStatus {
    ACTIVE,
    ARCHIVED
}
