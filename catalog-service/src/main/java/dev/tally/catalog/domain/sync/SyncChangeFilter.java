package dev.tally.catalog.domain.sync;

import java.util.Objects;
import java.util.Set;

/**
 * Which changes of a run a listing asks for.
 *
 * @param kinds         only these kinds; empty for every kind
 * @param modelIdPrefix only models whose id starts with it (exact); empty for every model
 */
public record SyncChangeFilter(Set<SyncChangeKind> kinds, String modelIdPrefix) {

    public static final SyncChangeFilter ALL = new SyncChangeFilter(Set.of(), "");

    public SyncChangeFilter {
        kinds = Set.copyOf(kinds);
        Objects.requireNonNull(modelIdPrefix, "modelIdPrefix");
    }
}
