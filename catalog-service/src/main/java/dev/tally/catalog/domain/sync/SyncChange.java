package dev.tally.catalog.domain.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one sync run changed, or would change, for one model: the listing behind ListSyncChanges.
 * The planner ({@link SyncPlanner}) makes it with the effective time it plans and no new version
 * id; {@link #applied} fills the id of the version the writer created, {@link #preview} clears the
 * time for a held run (both are only known when the run is applied).
 *
 * @param reactivated          the model was inactive and is active again (always for REACTIVATED)
 * @param oldPriceVersionId    the model's latest version before the run; null for ADDED
 * @param newPriceVersionId    the version the run created (ADDED, PRICE_CHANGED, once applied); else null
 * @param rateChanges          what {@link RateChanges#between} the old and the new price gives; empty
 *                             when the price did not change
 * @param effectiveTime        when it takes effect (the new version's effective time, or the instant
 *                             the run applied a (de)activation); null in a preview
 */
public record SyncChange(
        String modelId,
        SyncChangeKind kind,
        boolean reactivated,
        UUID oldPriceVersionId,
        UUID newPriceVersionId,
        List<RateChange> rateChanges,
        Instant effectiveTime) {

    public SyncChange {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(kind, "kind");
        rateChanges = List.copyOf(rateChanges);
        if ((kind == SyncChangeKind.ADDED) != (oldPriceVersionId == null)) {
            throw new IllegalArgumentException("only an added model has no old price version");
        }
        if (newPriceVersionId != null && !createsVersion(kind)) {
            throw new IllegalArgumentException(kind + " creates no price version");
        }
        if (kind == SyncChangeKind.REACTIVATED && !reactivated) {
            throw new IllegalArgumentException("a REACTIVATED change is reactivated");
        }
    }

    /** Whether applying it creates a price version (ADDED, PRICE_CHANGED). */
    public boolean createsVersion() {
        return createsVersion(kind);
    }

    private static boolean createsVersion(SyncChangeKind kind) {
        return kind == SyncChangeKind.ADDED || kind == SyncChangeKind.PRICE_CHANGED;
    }

    /** As applied: with the id of the version created for it (null for a change that creates none). */
    public SyncChange applied(UUID versionId) {
        if (createsVersion() != (versionId != null)) {
            throw new IllegalArgumentException(modelId + ": " + kind + " applied with version " + versionId);
        }
        return new SyncChange(modelId, kind, reactivated, oldPriceVersionId, versionId, rateChanges, effectiveTime);
    }

    /** As a held run's preview: nothing created yet, and the time is that of a later ApplyHeldSync. */
    public SyncChange preview() {
        return new SyncChange(modelId, kind, reactivated, oldPriceVersionId, null, rateChanges, null);
    }
}
