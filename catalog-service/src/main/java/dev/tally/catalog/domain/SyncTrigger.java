package dev.tally.catalog.domain;

/** What started a sync run. */
public enum SyncTrigger {
    SCHEDULE, MANUAL, SEED
}
