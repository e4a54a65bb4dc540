package dev.tally.catalog.grpc;

import dev.tally.catalog.domain.sync.SkippedEntries;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncCounts;
import dev.tally.catalog.domain.sync.SyncRun;
import dev.tally.catalog.v1.SkipReason;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.catalog.v1.SyncTrigger;
import dev.tally.support.error.Violations;

/** Sync runs as SyncReport messages; enums map by name (SUCCEEDED ↔ SYNC_STATE_SUCCEEDED...). */
final class SyncMessages {

    private SyncMessages() {
    }

    static SyncReport report(SyncRun run) {
        SyncCounts c = run.counts();
        SyncReport.Builder b = SyncReport.newBuilder()
                .setSyncRunId(run.id().toString())
                .setState(SyncState.valueOf("SYNC_STATE_" + run.state().name()))
                .setTrigger(SyncTrigger.valueOf("SYNC_TRIGGER_" + run.trigger().name()))
                .setSourceFormat(dev.tally.catalog.v1.SourceFormat.valueOf("SOURCE_FORMAT_" + run.format().name()))
                .setSourceLocation(run.sourceLocation())
                .setSourceEntries(c.sourceEntries())
                .setModelsAdded(c.added())
                .setModelsChanged(c.changed())
                .setModelsDeactivated(c.deactivated())
                .setModelsReactivated(c.reactivated())
                .setModelsUnchanged(c.unchanged())
                .setEntriesSkipped(c.skipped())
                .setStartTime(ProtoTime.of(run.startTime()));
        for (SkippedEntries s : run.skipped()) {
            b.addSkippedReasons(dev.tally.catalog.v1.SkippedEntries.newBuilder()
                    .setReason(SkipReason.valueOf("SKIP_REASON_" + s.reason().name()))
                    .setCount(s.count())
                    .addAllExampleKeys(s.exampleKeys()));
        }
        if (run.holdReason() != null) {
            b.setHoldReason(run.holdReason());
        }
        if (run.errorMessage() != null) {
            b.setErrorMessage(run.errorMessage());
        }
        if (run.finishTime() != null) {
            b.setFinishTime(ProtoTime.of(run.finishTime()));
        }
        if (run.resolveTime() != null) {
            b.setResolveTime(ProtoTime.of(run.resolveTime()));
        }
        if (run.resolutionNote() != null) {
            b.setResolutionNote(run.resolutionNote());
        }
        return b.build();
    }

    /** The requested format; null (the configured default) when unspecified. */
    static SourceFormat format(dev.tally.catalog.v1.SourceFormat format, Violations violations) {
        return switch (format) {
            case SOURCE_FORMAT_UNSPECIFIED -> null;
            case SOURCE_FORMAT_LITELLM -> SourceFormat.LITELLM;
            case SOURCE_FORMAT_OPENROUTER -> SourceFormat.OPENROUTER;
            default -> {
                violations.add("source_format", "is not a known source format");
                yield null;
            }
        };
    }
}
