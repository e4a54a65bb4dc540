package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.GetSyncStatusRequest;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncNowResponse;
import dev.tally.catalog.v1.SyncState;
import dev.tally.testing.Waits;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two SyncNow calls at the same instant: the sync advisory lock admits one run; the other call is
 * told a sync is running, with its run id. (TwoReplicasIT shows the same across two processes.)
 */
@QuarkusTest
class ConcurrentSyncGrpcTest extends CatalogGrpcTest {

    @Test
    void twoSyncsStartedTogetherRunOnce() throws Exception {
        PriceSourceServer.liteLlm(new PriceSourceServer.Hang()); // keep the winner running
        long runs = count("sync_run");
        CatalogServiceGrpc.CatalogServiceFutureStub async = CatalogServiceGrpc.newFutureStub(channel);
        List<ListenableFuture<SyncNowResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(async.syncNow(SyncNowRequest.newBuilder()
                    .setReturnImmediately(true)
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .build()));
        }
        List<SyncNowResponse> started = new ArrayList<>();
        List<StatusRuntimeException> refused = new ArrayList<>();
        for (ListenableFuture<SyncNowResponse> call : calls) {
            try {
                started.add(call.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                refused.add((StatusRuntimeException) e.getCause());
            }
        }
        assertThat(started)
                .singleElement()
                .satisfies(r -> assertThat(r.getReport().getState()).isEqualTo(SyncState.SYNC_STATE_RUNNING));
        assertThat(refused).singleElement().satisfies(e -> {
            Map<String, String> metadata = assertFails(
                    () -> {
                        throw e;
                    },
                    Status.Code.FAILED_PRECONDITION,
                    "SYNC_IN_PROGRESS");
            assertThat(metadata)
                    .containsEntry("sync_run_id", started.get(0).getReport().getSyncRunId());
        });
        assertThat(query("SELECT count(*) FROM sync_run WHERE state = 'RUNNING'"))
                .isEqualTo(1);
        assertThat(count("sync_run")).isEqualTo(runs + 1);

        PriceSourceServer.reset();
        GetSyncStatusRequest status = GetSyncStatusRequest.newBuilder()
                .setSyncRunId(started.get(0).getReport().getSyncRunId())
                .build();
        await("the run ends")
                .atMost(Waits.PATIENTLY)
                .until(() -> catalog.getSyncStatus(status).getReport().getState() != SyncState.SYNC_STATE_RUNNING);
        assertThat(count("sync_run")).isEqualTo(runs + 1);
    }
}
