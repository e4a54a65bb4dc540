package dev.tally.catalog.domain.sync;

/** Where a sync run stands (see SyncState in catalog.proto). */
public enum SyncState {
    RUNNING,
    SUCCEEDED,
    FAILED,
    HELD,
    APPLIED,
    DISCARDED
}
