package dev.tally.catalog.domain.sync;

/** What a sync did to one model (see {@link SyncChange}). */
public enum SyncChangeKind {
    /** New to the catalog, with its first price version. */
    ADDED,
    /** At least one rate changed by value: one new price version (the model may also be reactivated). */
    PRICE_CHANGED,
    /** Gone from the source: inactive now, its history kept, no new version. */
    DEACTIVATED,
    /** Inactive, present again with the same price: active again, no new version. */
    REACTIVATED
}
