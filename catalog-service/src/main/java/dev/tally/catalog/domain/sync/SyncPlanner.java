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
 * <p>
 * Each model it changes is also described as a {@link SyncChange} (what ListSyncChanges lists):
 * ADDED with every rate it sets, PRICE_CHANGED with the rates that changed ({@link RateChanges}),
 * DEACTIVATED, or REACTIVATED when only its active flag changes; a change of attributes alone
 * (provider, mode, context window) is not a change of the listing, as it is not counted in the
 * report either.
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
        List<SyncChange> changes = new ArrayList<>();
        Instant at = PriceTimeline.nextEffectiveTime(now, null);
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
                        entry.id(), true, attributes, true, entry.price(), PriceSource.SYNC, at, runId));
                changes.add(new SyncChange(
                        entry.id(),
                        SyncChangeKind.ADDED,
                        false,
                        null,
                        null,
                        RateChanges.between(null, entry.price()),
                        at));
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
            Instant effective = PriceTimeline.nextEffectiveTime(now, existing);
            if (repriced || !existing.active() || !attributes.equals(existing.attributes())) {
                updates.add(new ModelUpdate(
                        entry.id(),
                        false,
                        attributes,
                        true,
                        repriced ? entry.price() : null,
                        PriceSource.SYNC,
                        effective,
                        runId));
            }
            if (repriced) {
                changes.add(new SyncChange(
                        entry.id(),
                        SyncChangeKind.PRICE_CHANGED,
                        !existing.active(),
                        existing.latest().id(),
                        null,
                        RateChanges.between(existing.latest().price(), entry.price()),
                        effective));
            } else if (!existing.active()) {
                changes.add(new SyncChange(
                        entry.id(),
                        SyncChangeKind.REACTIVATED,
                        true,
                        existing.latest().id(),
                        null,
                        List.of(),
                        at));
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
                        model.id(), false, model.attributes(), false, null, PriceSource.SYNC, at, runId));
                changes.add(new SyncChange(
                        model.id(),
                        SyncChangeKind.DEACTIVATED,
                        false,
                        model.latest().id(),
                        null,
                        List.of(),
                        at));
                deactivated++;
            }
        }
        SyncCounts counts = new SyncCounts(
                source.entries(), added, repricings.size(), deactivated, reactivated, unchanged, skipped.total());
        return new SyncPlan(
                updates, counts, skipped.toList(), repricings, repricings.size() + unchanged, activeBefore, changes);
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
