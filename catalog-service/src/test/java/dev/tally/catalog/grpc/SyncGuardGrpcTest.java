package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.support.SourceFiles;
import dev.tally.catalog.v1.ApplyHeldSyncRequest;
import dev.tally.catalog.v1.ApplyHeldSyncResponse;
import dev.tally.catalog.v1.DiscardHeldSyncRequest;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.GetSyncStatusRequest;
import dev.tally.catalog.v1.GetSyncStatusResponse;
import dev.tally.catalog.v1.ListModelsRequest;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.common.v1.TokenCounts;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sync guard over gRPC: a source missing half its models is held; an admin applies or discards it. */
@QuarkusTest
class SyncGuardGrpcTest extends CatalogGrpcTest {

    private SyncReport syncNow() {
        return catalog.syncNow(SyncNowRequest.newBuilder()
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build())
                .getReport();
    }

    private SyncReport holdHalf() {
        PriceSourceServer.liteLlm(new PriceSourceServer.Body(SourceFiles.withoutHalf()));
        SyncReport held = syncNow();
        assertThat(held.getState()).isEqualTo(SyncState.SYNC_STATE_HELD);
        return held;
    }

    private static long activeModels() {
        return query("SELECT count(*) FROM model WHERE active");
    }

    @Test
    void aSyncWithHalfTheModelsRemovedIsHeldAndCanBeDiscarded() {
        long versions = count("price_version");
        long revisions = count("catalog_revision");
        long active = activeModels();
        SyncReport held = holdHalf();
        assertThat(held.getHoldReason()).matches("would deactivate \\d+ of \\d+ models \\(\\d+(\\.\\d)?% > 20%\\)");
        assertThat(held.getModelsDeactivated()).isGreaterThan(1_000);
        // nothing applied: old prices keep serving
        assertThat(activeModels()).isEqualTo(active);
        assertThat(count("price_version")).isEqualTo(versions);
        assertThat(count("catalog_revision")).isEqualTo(revisions);
        GetSyncStatusResponse status = catalog.getSyncStatus(GetSyncStatusRequest.getDefaultInstance());
        assertThat(status.getPendingHeld().getSyncRunId()).isEqualTo(held.getSyncRunId());
        assertThat(count("sync_payload")).isEqualTo(1);

        SyncReport discarded = catalog.discardHeldSync(DiscardHeldSyncRequest.newBuilder()
                        .setSyncRunId(held.getSyncRunId())
                        .setNote("upstream file truncated")
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build())
                .getReport();
        assertThat(discarded.getState()).isEqualTo(SyncState.SYNC_STATE_DISCARDED);
        assertThat(discarded.getResolutionNote()).isEqualTo("upstream file truncated");
        assertThat(discarded.hasResolveTime()).isTrue();
        assertThat(count("sync_payload")).isZero();
        assertThat(activeModels()).isEqualTo(active);
        assertThat(catalog.getSyncStatus(GetSyncStatusRequest.getDefaultInstance())
                        .hasPendingHeld())
                .isFalse();

        Rows before = rows();
        assertFails(
                () -> catalog.applyHeldSync(ApplyHeldSyncRequest.newBuilder()
                        .setSyncRunId(held.getSyncRunId())
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "INVALID_STATE");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void anAdminCanApplyAHeldSyncAndTheNextFullSyncRestoresTheModels() {
        long active = activeModels();
        SyncReport held = holdHalf();
        ApplyHeldSyncRequest apply = ApplyHeldSyncRequest.newBuilder()
                .setSyncRunId(held.getSyncRunId())
                .setNote("the provider really retired them")
                .setIdempotencyKey(UUID.randomUUID().toString())
                .build();
        try {
            ApplyHeldSyncResponse applied = catalog.applyHeldSync(apply);
            assertThat(applied.getReport().getState()).isEqualTo(SyncState.SYNC_STATE_APPLIED);
            assertThat(applied.getReport().getModelsDeactivated()).isEqualTo(held.getModelsDeactivated());
            assertThat(activeModels()).isEqualTo(active - held.getModelsDeactivated());
            assertThat(catalog.applyHeldSync(apply).getDuplicate()).isTrue();
            // a deactivated model keeps its history and still prices requests
            String gone = anInactiveModel();
            assertThat(catalog.getModel(
                                    GetModelRequest.newBuilder().setModel(gone).build())
                            .getModel()
                            .getActive())
                    .isFalse();
            assertThat(catalog.quoteCost(QuoteCostRequest.newBuilder()
                                    .setModel(gone)
                                    .setTokens(TokenCounts.newBuilder().setInputTokens(1))
                                    .build())
                            .getPriceVersionId())
                    .isNotEmpty();
        } finally {
            PriceSourceServer.reset();
            SyncReport restored = syncNow();
            assertThat(restored.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
            assertThat(restored.getModelsReactivated()).isEqualTo(held.getModelsDeactivated());
            assertThat(restored.getModelsChanged()).isZero();
        }
        assertThat(activeModels()).isEqualTo(active);
    }

    @Test
    void aNewerRunSupersedesAHeldOne() {
        SyncReport held = holdHalf();
        PriceSourceServer.reset();
        assertThat(syncNow().getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        SyncReport old = catalog.getSyncStatus(GetSyncStatusRequest.newBuilder()
                        .setSyncRunId(held.getSyncRunId())
                        .build())
                .getReport();
        assertThat(old.getState()).isEqualTo(SyncState.SYNC_STATE_DISCARDED);
        assertThat(old.getResolutionNote()).startsWith("superseded by run ");
        assertThat(count("sync_payload")).isZero();
    }

    @Test
    void badAdminRequestsAreInvalidOrNotFoundAndStoreNothing() {
        Rows before = rows();
        assertInvalid(
                () -> catalog.applyHeldSync(ApplyHeldSyncRequest.getDefaultInstance()),
                "sync_run_id",
                "idempotency_key");
        assertInvalid(
                () -> catalog.discardHeldSync(DiscardHeldSyncRequest.newBuilder()
                        .setSyncRunId("x")
                        .setIdempotencyKey("k")
                        .build()),
                "sync_run_id");
        assertFails(
                () -> catalog.discardHeldSync(DiscardHeldSyncRequest.newBuilder()
                        .setSyncRunId(UUID.randomUUID().toString())
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build()),
                Status.Code.NOT_FOUND,
                "RESOURCE_NOT_FOUND");
        assertThat(rows()).isEqualTo(before);
    }

    private String anInactiveModel() {
        return catalog
                .listModels(ListModelsRequest.newBuilder()
                        .setIncludeInactive(true)
                        .setPageSize(1_000)
                        .build())
                .getModelsList()
                .stream()
                .filter(m -> !m.getActive())
                .findFirst()
                .orElseThrow()
                .getModelId();
    }
}
