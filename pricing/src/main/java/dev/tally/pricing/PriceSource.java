package dev.tally.pricing;

/** Where a price version came from. */
public enum PriceSource {
    /** Written by a catalog sync (scheduled, SyncNow, applied held run, or the bundled seed). */
    SYNC,
    /** Written by UpsertModelPrice; wins over synced prices. */
    MANUAL
}
