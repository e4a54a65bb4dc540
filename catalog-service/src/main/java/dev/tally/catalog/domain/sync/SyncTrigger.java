package dev.tally.catalog.domain.sync;

/** What started a sync run. */
public enum SyncTrigger {
    SCHEDULE,
    MANUAL,
    SEED
}
