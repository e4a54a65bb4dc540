package dev.tally.catalog.app;

import dev.tally.pricing.Model;
import java.util.List;
import java.util.UUID;

/**
 * One message of a price watch: a chunk of the initial snapshot, its end, or a change.
 *
 * @param syncRunId for a change: the sync run that made it, null for a manual change
 */
public record CatalogEvent(Kind kind, long revision, UUID syncRunId, List<Model> models) {

    public enum Kind {
        SNAPSHOT,
        SNAPSHOT_END,
        CHANGE
    }

    public CatalogEvent {
        models = List.copyOf(models);
    }
}
