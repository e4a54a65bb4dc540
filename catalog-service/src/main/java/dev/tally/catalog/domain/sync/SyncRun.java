package dev.tally.catalog.domain.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A sync run and its report, as stored. */
public record SyncRun(
        UUID id,
        SyncState state,
        SyncTrigger trigger,
        SourceFormat format,
        String sourceLocation,
        SyncCounts counts,
        List<SkippedEntries> skipped,
        String holdReason,
        String errorMessage,
        Instant startTime,
        Instant finishTime,
        Instant resolveTime,
        String resolutionNote) {

    public SyncRun {
        skipped = List.copyOf(skipped);
    }

    /**
     * Whether the run's listed changes are a preview (HELD, or DISCARDED: nothing applied, no
     * version ids or effective times) rather than what was applied.
     */
    public boolean changesArePreview() {
        return state == SyncState.HELD || state == SyncState.DISCARDED;
    }

    public static SyncRun started(UUID id, SyncTrigger trigger, SourceFormat format, String location, Instant at) {
        return new SyncRun(
                id,
                SyncState.RUNNING,
                trigger,
                format,
                location,
                SyncCounts.NONE,
                List.of(),
                null,
                null,
                at,
                null,
                null,
                null);
    }

    /** The run finished: applied (SUCCEEDED) or held, with what it found. */
    public SyncRun finished(SyncState newState, SyncPlan plan, String hold, Instant at) {
        return new SyncRun(
                id,
                newState,
                trigger,
                format,
                sourceLocation,
                plan.counts(),
                plan.skipped(),
                hold,
                null,
                startTime,
                at,
                null,
                null);
    }

    public SyncRun failed(String error, Instant at) {
        return new SyncRun(
                id,
                SyncState.FAILED,
                trigger,
                format,
                sourceLocation,
                counts,
                skipped,
                holdReason,
                error,
                startTime,
                finishTime == null ? at : finishTime,
                resolveTime,
                resolutionNote);
    }

    /** A HELD run applied (with what was actually applied) or discarded by an admin. */
    public SyncRun resolved(SyncState newState, SyncPlan applied, String note, Instant at) {
        SyncCounts newCounts = applied == null ? counts : applied.counts();
        List<SkippedEntries> newSkipped = applied == null ? skipped : applied.skipped();
        return new SyncRun(
                id,
                newState,
                trigger,
                format,
                sourceLocation,
                newCounts,
                newSkipped,
                holdReason,
                null,
                startTime,
                finishTime,
                at,
                note);
    }
}
