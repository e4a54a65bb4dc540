package dev.tally.catalog.domain.sync;

/** What a sync did, or would do (see SyncReport in catalog.proto). */
public record SyncCounts(
        int sourceEntries, int added, int changed, int deactivated, int reactivated, int unchanged, int skipped) {

    public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0);
}
