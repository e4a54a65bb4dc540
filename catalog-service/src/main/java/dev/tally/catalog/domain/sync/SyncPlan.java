package dev.tally.catalog.domain.sync;

import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceSpec;
import java.util.List;

/**
 * The difference between the catalog and a source: the model updates to write, the counts for
 * the report, and what the guard needs to judge it.
 *
 * @param repricings  existing models whose price changed (old and new price)
 * @param comparable  existing models present in the source and not manual (changed + unchanged)
 * @param activeBefore active, non-manual models of the source's origin before the sync
 * @param changes      what the sync changes, one entry per model added, repriced, deactivated or
 *                     reactivated (no new version ids yet)
 */
public record SyncPlan(
        List<ModelUpdate> updates,
        SyncCounts counts,
        List<SkippedEntries> skipped,
        List<Repricing> repricings,
        int comparable,
        int activeBefore,
        List<SyncChange> changes) {

    public SyncPlan {
        updates = List.copyOf(updates);
        skipped = List.copyOf(skipped);
        repricings = List.copyOf(repricings);
        changes = List.copyOf(changes);
    }

    /** An existing model's price before and after. */
    public record Repricing(String modelId, PriceSpec before, PriceSpec after) {}
}
