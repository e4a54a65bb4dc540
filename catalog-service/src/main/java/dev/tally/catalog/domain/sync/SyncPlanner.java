package dev.tally.catalog.domain.sync;

import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sync diff: compares a source with the catalog. A model new to the catalog is added; an
 * existing one gets a new price version only when its price changed (by value); attributes
 * (provider, mode, context window) follow the source without a new version; an inactive model
 * present again is reactivated; an active model of the same origin missing from the source is
 * deactivated (history kept). Models whose latest price is manual are left alone.
 */
public final class SyncPlanner {

    private SyncPlanner() {}

    public static SyncPlan plan(Collection<Model> catalog, ParsedSource source, UUID runId, Instant now) {
        ModelOrigin origin = source.format().origin();
        Map<String, Model> byId = new HashMap<>();
        catalog.forEach(model -> byId.put(model.id(), model));
        SkipTally skipped = SkipTally.of(source.skipped());
        List<ModelUpdate> updates = new ArrayList<>();
        List<SyncPlan.Repricing> repricings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int added = 0;
        int unchanged = 0;
        int reactivated = 0;
        for (SourceModel entry : source.models()) {
            seen.add(entry.id());
            Model existing = byId.get(entry.id());
            ModelAttributes attributes = attributes(entry, origin, existing);
            if (existing == null) {
                updates.add(new ModelUpdate(
                        entry.id(),
                        true,
                        attributes,
                        true,
                        entry.price(),
                        PriceSource.SYNC,
                        PriceTimeline.nextEffectiveTime(now, null),
                        runId));
                added++;
                continue;
            }
            if (existing.manualOverride()) {
                skipped.add(SkipReason.MANUAL_OVERRIDE, entry.id());
                continue;
            }
            boolean repriced = !existing.latest().price().equals(entry.price());
            if (repriced) {
                repricings.add(
                        new SyncPlan.Repricing(entry.id(), existing.latest().price(), entry.price()));
            } else {
                unchanged++;
            }
            if (!existing.active()) {
                reactivated++;
            }
            if (repriced || !existing.active() || !attributes.equals(existing.attributes())) {
                updates.add(new ModelUpdate(
                        entry.id(),
                        false,
                        attributes,
                        true,
                        repriced ? entry.price() : null,
                        PriceSource.SYNC,
                        PriceTimeline.nextEffectiveTime(now, existing),
                        runId));
            }
        }
        int deactivated = 0;
        int activeBefore = 0;
        for (Model model : catalog) {
            if (!model.active() || model.origin() != origin || model.manualOverride()) {
                continue;
            }
            activeBefore++;
            if (!seen.contains(model.id())) {
                updates.add(new ModelUpdate(
                        model.id(),
                        false,
                        model.attributes(),
                        false,
                        null,
                        PriceSource.SYNC,
                        PriceTimeline.nextEffectiveTime(now, null),
                        runId));
                deactivated++;
            }
        }
        SyncCounts counts = new SyncCounts(
                source.entries(), added, repricings.size(), deactivated, reactivated, unchanged, skipped.total());
        return new SyncPlan(updates, counts, skipped.toList(), repricings, repricings.size() + unchanged, activeBefore);
    }

    /** The source's view of the model; aliases are the catalog's own and are kept. */
    private static ModelAttributes attributes(SourceModel entry, ModelOrigin origin, Model existing) {
        return new ModelAttributes(
                entry.provider(),
                entry.mode(),
                existing == null ? List.of() : existing.attributes().aliases(),
                origin,
                entry.maxInputTokens(),
                entry.maxOutputTokens());
    }
}
