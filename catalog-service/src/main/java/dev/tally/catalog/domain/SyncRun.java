package dev.tally.catalog.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A sync run and its report, as stored. */
public record SyncRun(UUID id, SyncState state, SyncTrigger trigger, SourceFormat format, String sourceLocation,
                      SyncCounts counts, List<SkippedEntries> skipped, String holdReason, String errorMessage,
                      Instant startedAt, Instant finishedAt, Instant resolvedAt, String resolutionNote) {

    public SyncRun {
        skipped = List.copyOf(skipped);
    }

    public static SyncRun started(UUID id, SyncTrigger trigger, SourceFormat format, String location, Instant at) {
        return new SyncRun(id, SyncState.RUNNING, trigger, format, location, SyncCounts.NONE, List.of(), null, null,
                at, null, null, null);
    }

    /** The run finished: applied (SUCCEEDED) or held, with what it found. */
    public SyncRun finished(SyncState newState, SyncPlan plan, String hold, Instant at) {
        return new SyncRun(id, newState, trigger, format, sourceLocation, plan.counts(), plan.skipped(), hold, null,
                startedAt, at, null, null);
    }

    public SyncRun failed(String error, Instant at) {
        return new SyncRun(id, SyncState.FAILED, trigger, format, sourceLocation, counts, skipped, holdReason, error,
                startedAt, finishedAt == null ? at : finishedAt, resolvedAt, resolutionNote);
    }

    /** A HELD run applied (with what was actually applied) or discarded by an admin. */
    public SyncRun resolved(SyncState newState, SyncPlan applied, String note, Instant at) {
        SyncCounts newCounts = applied == null ? counts : applied.counts();
        List<SkippedEntries> newSkipped = applied == null ? skipped : applied.skipped();
        return new SyncRun(id, newState, trigger, format, sourceLocation, newCounts, newSkipped, holdReason, null,
                startedAt, finishedAt, at, note);
    }
}
