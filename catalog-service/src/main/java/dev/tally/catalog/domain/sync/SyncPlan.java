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
 */
public record SyncPlan(
        List<ModelUpdate> updates,
        SyncCounts counts,
        List<SkippedEntries> skipped,
        List<Repricing> repricings,
        int comparable,
        int activeBefore) {

    public SyncPlan {
        updates = List.copyOf(updates);
        skipped = List.copyOf(skipped);
        repricings = List.copyOf(repricings);
    }

    /** An existing model's price before and after. */
    public record Repricing(String modelId, PriceSpec before, PriceSpec after) {}
}
