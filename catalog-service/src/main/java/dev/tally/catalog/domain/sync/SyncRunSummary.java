package dev.tally.catalog.domain.sync;

import java.time.Instant;
import java.util.Map;

/**
 * The sync history at a glance, as the metrics report it.
 *
 * @param runsByState the runs recorded in each state (states without a run are absent)
 * @param lastSuccess when the newest SUCCEEDED or APPLIED run finished (or was applied); null before the first
 */
public record SyncRunSummary(Map<SyncState, Long> runsByState, Instant lastSuccess) {

    public SyncRunSummary {
        runsByState = Map.copyOf(runsByState);
    }
}
