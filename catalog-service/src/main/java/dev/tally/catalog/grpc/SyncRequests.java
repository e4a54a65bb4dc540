package dev.tally.catalog.grpc;

import com.google.protobuf.Message;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncChangeFilter;
import dev.tally.catalog.domain.sync.SyncChangeKind;
import dev.tally.catalog.v1.ApplyHeldSyncRequest;
import dev.tally.catalog.v1.DiscardHeldSyncRequest;
import dev.tally.catalog.v1.GetSyncStatusRequest;
import dev.tally.catalog.v1.ListSyncChangesRequest;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Paging;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The sync RPCs' requests as domain calls, checked: every bad field is reported at once. Every
 * sync RPC is an admin call, so its idempotency key is scoped to the service.
 */
final class SyncRequests {

    private SyncRequests() {}

    /** SyncNow: the source format ({@code null}: the configured one), whether to wait, the key. */
    record SyncNowCall(SourceFormat format, boolean returnImmediately, RequestKey key) {}

    /** ApplyHeldSync / DiscardHeldSync: the held run, the admin's note, the key. */
    record HeldRunCall(UUID runId, String note, RequestKey key) {}

    /** ListSyncChanges: the run, which of its changes, which page, and the query its page tokens are bound to. */
    record ChangesCall(UUID runId, SyncChangeFilter filter, Paging.PageRequest paging, String query) {}

    static ChangesCall listChanges(ListSyncChangesRequest request) {
        Violations violations = new Violations();
        UUID runId = syncRunId(violations, request.getSyncRunId(), true);
        Set<SyncChangeKind> kinds = EnumSet.noneOf(SyncChangeKind.class);
        for (int i = 0; i < request.getKindsCount(); i++) {
            SyncChangeKind kind = kind(request.getKinds(i));
            if (kind == null) {
                violations.add("kinds[" + i + "]", "must be ADDED, PRICE_CHANGED, DEACTIVATED or REACTIVATED");
            } else {
                kinds.add(kind);
            }
        }
        String query = changesQuery(request);
        Paging.PageRequest paging = Paging.request(violations, request.getPageSize(), request.getPageToken(), query);
        violations.throwIfAny();
        return new ChangesCall(runId, new SyncChangeFilter(kinds, request.getModelIdPrefix()), paging, query);
    }

    /** The run and filters of a ListSyncChanges call (every field but paging): a page token is valid only for them. */
    private static String changesQuery(ListSyncChangesRequest request) {
        return ListQueries.of(
                "ListSyncChanges",
                request.toBuilder().clearPageSize().clearPageToken().build());
    }

    private static SyncChangeKind kind(dev.tally.catalog.v1.SyncChangeKind kind) {
        return switch (kind) {
            case SYNC_CHANGE_KIND_ADDED -> SyncChangeKind.ADDED;
            case SYNC_CHANGE_KIND_PRICE_CHANGED -> SyncChangeKind.PRICE_CHANGED;
            case SYNC_CHANGE_KIND_DEACTIVATED -> SyncChangeKind.DEACTIVATED;
            case SYNC_CHANGE_KIND_REACTIVATED -> SyncChangeKind.REACTIVATED;
            case SYNC_CHANGE_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static SyncNowCall syncNow(SyncNowRequest request) {
        Violations violations = new Violations();
        RequestKey.check(violations, RequestKey.FIELD, request.getIdempotencyKey());
        SourceFormat format = format(violations, request.getSourceFormat());
        violations.throwIfAny();
        return new SyncNowCall(
                format,
                request.getReturnImmediately(),
                RequestKey.forService(request.getIdempotencyKey(), "SyncNow", request));
    }

    /** GetSyncStatus: the run asked for, or null for the latest. */
    static UUID status(GetSyncStatusRequest request) {
        Violations violations = new Violations();
        UUID runId = syncRunId(violations, request.getSyncRunId(), false);
        violations.throwIfAny();
        return runId;
    }

    static HeldRunCall applyHeld(ApplyHeldSyncRequest request) {
        return heldRun(
                request.getSyncRunId(), request.getNote(), request.getIdempotencyKey(), "ApplyHeldSync", request);
    }

    static HeldRunCall discardHeld(DiscardHeldSyncRequest request) {
        return heldRun(
                request.getSyncRunId(), request.getNote(), request.getIdempotencyKey(), "DiscardHeldSync", request);
    }

    private static HeldRunCall heldRun(String runId, String note, String key, String method, Message request) {
        Violations violations = new Violations();
        UUID id = syncRunId(violations, runId, true);
        RequestKey.check(violations, RequestKey.FIELD, key);
        violations.throwIfAny();
        return new HeldRunCall(id, note, RequestKey.forService(key, method, request));
    }

    /** A sync run id; null when empty (and not {@code required}) or, with a violation, when malformed. */
    private static UUID syncRunId(Violations violations, String text, boolean required) {
        if (text.isEmpty()) {
            violations.check(required, "sync_run_id", "must be set");
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            violations.add("sync_run_id", "must be a UUID such as 0b5f8a3e-6c1d-4f2a-9e7b-3d2c1a0f9e8d");
            return null;
        }
    }

    /** The requested format; null when unspecified (the configured default) or, with a violation, unknown. */
    private static SourceFormat format(Violations violations, dev.tally.catalog.v1.SourceFormat format) {
        return switch (format) {
            case SOURCE_FORMAT_LITELLM -> SourceFormat.LITELLM;
            case SOURCE_FORMAT_OPENROUTER -> SourceFormat.OPENROUTER;
            case SOURCE_FORMAT_UNSPECIFIED -> null;
            case UNRECOGNIZED -> {
                violations.add("source_format", "is not a known source format");
                yield null;
            }
        };
    }
}
