package dev.tally.catalog.grpc;

import dev.tally.catalog.app.SyncAdmin;
import dev.tally.catalog.domain.sync.RateChange;
import dev.tally.catalog.domain.sync.SkipReason;
import dev.tally.catalog.domain.sync.SkippedEntries;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncChange;
import dev.tally.catalog.domain.sync.SyncChangeKind;
import dev.tally.catalog.domain.sync.SyncCounts;
import dev.tally.catalog.domain.sync.SyncRun;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.catalog.domain.sync.SyncTrigger;
import dev.tally.catalog.v1.ApplyHeldSyncResponse;
import dev.tally.catalog.v1.DiscardHeldSyncResponse;
import dev.tally.catalog.v1.GetSyncStatusResponse;
import dev.tally.catalog.v1.ListSyncChangesResponse;
import dev.tally.catalog.v1.SyncNowResponse;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.shared.money.Money;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.math.BigDecimal;

/** Sync runs as SyncReport messages, and the sync RPCs' responses. */
final class SyncResponses {

    private SyncResponses() {}

    static SyncNowResponse syncNow(SyncAdmin.Outcome outcome) {
        return SyncNowResponse.newBuilder()
                .setReport(report(outcome.run()))
                .setDuplicate(outcome.duplicate())
                .build();
    }

    static ApplyHeldSyncResponse applyHeld(SyncAdmin.Outcome outcome) {
        return ApplyHeldSyncResponse.newBuilder()
                .setReport(report(outcome.run()))
                .setDuplicate(outcome.duplicate())
                .build();
    }

    static DiscardHeldSyncResponse discardHeld(SyncAdmin.Outcome outcome) {
        return DiscardHeldSyncResponse.newBuilder()
                .setReport(report(outcome.run()))
                .setDuplicate(outcome.duplicate())
                .build();
    }

    static GetSyncStatusResponse status(SyncAdmin.Status status) {
        GetSyncStatusResponse.Builder b = GetSyncStatusResponse.newBuilder().setReport(report(status.run()));
        if (status.pendingHeld() != null) {
            b.setPendingHeld(report(status.pendingHeld()));
        }
        if (status.nextSchedule() != null) {
            b.setNextScheduleTime(ProtoTime.timestamp(status.nextSchedule()));
        }
        return b.build();
    }

    static ListSyncChangesResponse changes(SyncAdmin.ChangeListing listing, SyncRequests.ChangesCall call) {
        Paging.Page<SyncChange> page = Paging.page(listing.changes(), call.paging(), SyncChange::modelId, call.query());
        ListSyncChangesResponse.Builder b = ListSyncChangesResponse.newBuilder()
                .setNextPageToken(page.nextPageToken())
                .setTotalSize(listing.totalSize())
                .setState(state(listing.run().state()))
                .setPreview(listing.run().changesArePreview())
                .setPreviewOutdated(listing.previewOutdated());
        page.items().forEach(change -> b.addChanges(change(change)));
        return b.build();
    }

    private static dev.tally.catalog.v1.SyncChange change(SyncChange change) {
        dev.tally.catalog.v1.SyncChange.Builder b = dev.tally.catalog.v1.SyncChange.newBuilder()
                .setModelId(change.modelId())
                .setKind(kind(change.kind()))
                .setReactivated(change.reactivated());
        if (change.oldPriceVersionId() != null) {
            b.setOldPriceVersionId(change.oldPriceVersionId().toString());
        }
        if (change.newPriceVersionId() != null) {
            b.setNewPriceVersionId(change.newPriceVersionId().toString());
        }
        for (RateChange rate : change.rateChanges()) {
            b.addRateChanges(dev.tally.catalog.v1.RateChange.newBuilder()
                    .setRate(rate.rate())
                    .setThresholdTokens(rate.thresholdTokens())
                    .setOldValue(decimal(rate.oldValue()))
                    .setNewValue(decimal(rate.newValue())));
        }
        if (change.effectiveTime() != null) {
            b.setEffectiveTime(ProtoTime.timestamp(change.effectiveTime()));
        }
        return b.build();
    }

    /** Exact decimal text; empty for an unset rate. */
    private static String decimal(BigDecimal value) {
        return value == null ? "" : Money.plain(value);
    }

    private static dev.tally.catalog.v1.SyncChangeKind kind(SyncChangeKind kind) {
        return switch (kind) {
            case ADDED -> dev.tally.catalog.v1.SyncChangeKind.SYNC_CHANGE_KIND_ADDED;
            case PRICE_CHANGED -> dev.tally.catalog.v1.SyncChangeKind.SYNC_CHANGE_KIND_PRICE_CHANGED;
            case DEACTIVATED -> dev.tally.catalog.v1.SyncChangeKind.SYNC_CHANGE_KIND_DEACTIVATED;
            case REACTIVATED -> dev.tally.catalog.v1.SyncChangeKind.SYNC_CHANGE_KIND_REACTIVATED;
        };
    }

    static SyncReport report(SyncRun run) {
        SyncCounts c = run.counts();
        SyncReport.Builder b = SyncReport.newBuilder()
                .setSyncRunId(run.id().toString())
                .setState(state(run.state()))
                .setTrigger(trigger(run.trigger()))
                .setSourceFormat(format(run.format()))
                .setSourceLocation(run.sourceLocation())
                .setSourceEntries(c.sourceEntries())
                .setModelsAdded(c.added())
                .setModelsChanged(c.changed())
                .setModelsDeactivated(c.deactivated())
                .setModelsReactivated(c.reactivated())
                .setModelsUnchanged(c.unchanged())
                .setEntriesSkipped(c.skipped())
                .setStartTime(ProtoTime.timestamp(run.startTime()));
        for (SkippedEntries s : run.skipped()) {
            b.addSkippedReasons(dev.tally.catalog.v1.SkippedEntries.newBuilder()
                    .setReason(skipReason(s.reason()))
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
            b.setFinishTime(ProtoTime.timestamp(run.finishTime()));
        }
        if (run.resolveTime() != null) {
            b.setResolveTime(ProtoTime.timestamp(run.resolveTime()));
        }
        if (run.resolutionNote() != null) {
            b.setResolutionNote(run.resolutionNote());
        }
        return b.build();
    }

    private static dev.tally.catalog.v1.SyncState state(SyncState state) {
        return switch (state) {
            case RUNNING -> dev.tally.catalog.v1.SyncState.SYNC_STATE_RUNNING;
            case SUCCEEDED -> dev.tally.catalog.v1.SyncState.SYNC_STATE_SUCCEEDED;
            case FAILED -> dev.tally.catalog.v1.SyncState.SYNC_STATE_FAILED;
            case HELD -> dev.tally.catalog.v1.SyncState.SYNC_STATE_HELD;
            case APPLIED -> dev.tally.catalog.v1.SyncState.SYNC_STATE_APPLIED;
            case DISCARDED -> dev.tally.catalog.v1.SyncState.SYNC_STATE_DISCARDED;
        };
    }

    private static dev.tally.catalog.v1.SyncTrigger trigger(SyncTrigger trigger) {
        return switch (trigger) {
            case SCHEDULE -> dev.tally.catalog.v1.SyncTrigger.SYNC_TRIGGER_SCHEDULE;
            case MANUAL -> dev.tally.catalog.v1.SyncTrigger.SYNC_TRIGGER_MANUAL;
            case SEED -> dev.tally.catalog.v1.SyncTrigger.SYNC_TRIGGER_SEED;
        };
    }

    private static dev.tally.catalog.v1.SourceFormat format(SourceFormat format) {
        return switch (format) {
            case LITELLM -> dev.tally.catalog.v1.SourceFormat.SOURCE_FORMAT_LITELLM;
            case OPENROUTER -> dev.tally.catalog.v1.SourceFormat.SOURCE_FORMAT_OPENROUTER;
        };
    }

    private static dev.tally.catalog.v1.SkipReason skipReason(SkipReason reason) {
        return switch (reason) {
            case SAMPLE_SPEC -> dev.tally.catalog.v1.SkipReason.SKIP_REASON_SAMPLE_SPEC;
            case NO_TOKEN_PRICING -> dev.tally.catalog.v1.SkipReason.SKIP_REASON_NO_TOKEN_PRICING;
            case MALFORMED -> dev.tally.catalog.v1.SkipReason.SKIP_REASON_MALFORMED;
            case MANUAL_OVERRIDE -> dev.tally.catalog.v1.SkipReason.SKIP_REASON_MANUAL_OVERRIDE;
            case DUPLICATE -> dev.tally.catalog.v1.SkipReason.SKIP_REASON_DUPLICATE;
        };
    }
}
