package dev.tally.catalog.app;

import dev.tally.catalog.domain.sync.SyncChange;
import dev.tally.catalog.domain.sync.SyncPlan;
import dev.tally.catalog.store.CatalogWriter;
import java.util.List;

/** A plan's changes as stored for ListSyncChanges: applied (with the versions written) or as a held run's preview. */
final class SyncChanges {

    private SyncChanges() {}

    static List<SyncChange> applied(SyncPlan plan, CatalogWriter.Written written) {
        return plan.changes().stream()
                .map(change -> change.applied(written.newVersions().get(change.modelId())))
                .toList();
    }

    static List<SyncChange> preview(SyncPlan plan) {
        return plan.changes().stream().map(SyncChange::preview).toList();
    }
}
