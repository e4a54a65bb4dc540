package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.catalog.support.BundledPrices;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.support.SourceFiles;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.GetModelResponse;
import dev.tally.catalog.v1.GetSyncStatusRequest;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.SkipReason;
import dev.tally.catalog.v1.SkippedEntries;
import dev.tally.catalog.v1.SourceFormat;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncNowResponse;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.catalog.v1.SyncTrigger;
import dev.tally.common.v1.TokenCounts;
import dev.tally.testing.Waits;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Syncs over gRPC, with sources served by the local test server. */
@QuarkusTest
class SyncGrpcTest extends CatalogGrpcTest {

    /** Rows of the catalog proper (a failed sync may add its run and key, nothing else). */
    private record CatalogRows(long models, long versions, long rates, long revisions, long active) {}

    private static CatalogRows catalogRows() {
        return new CatalogRows(
                count("model"),
                count("price_version"),
                count("price_rate"),
                count("catalog_revision"),
                query("SELECT count(*) FROM model WHERE active"));
    }

    private SyncReport syncNow(SourceFormat format) {
        return catalog.syncNow(SyncNowRequest.newBuilder()
                        .setSourceFormat(format)
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build())
                .getReport();
    }

    private static int skipped(SyncReport report, SkipReason reason) {
        return report.getSkippedReasonsList().stream()
                .filter(s -> s.getReason() == reason)
                .mapToInt(SkippedEntries::getCount)
                .sum();
    }

    @Test
    void anEmptyCatalogWasSeededFromTheBundledFileOnce() {
        int models = BundledPrices.liteLlm().models().size();
        assertThat(query("SELECT count(*) FROM sync_run WHERE trigger = 'SEED'"))
                .isEqualTo(1);
        assertThat(query("SELECT models_added FROM sync_run WHERE trigger = 'SEED' AND state = 'SUCCEEDED'"))
                .isEqualTo(models);
        assertThat(query("SELECT source_entries FROM sync_run WHERE trigger = 'SEED'"))
                .isEqualTo(2_968);
        // one version per seeded model
        assertThat(query("SELECT count(*) FROM price_version v JOIN sync_run r ON r.id = v.sync_run_id "
                        + "WHERE r.trigger = 'SEED'"))
                .isEqualTo(models);
        assertThat(
                        query(
                                "SELECT count(*) FROM sync_run WHERE trigger = 'SEED' AND source_location = 'bundled:litellm_model_prices.json'"))
                .isEqualTo(1);
    }

    @Test
    void syncingTheSameFileAgainCreatesNoVersion() {
        CatalogRows before = catalogRows();
        SyncReport report = syncNow(SourceFormat.SOURCE_FORMAT_LITELLM);
        assertThat(report.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        assertThat(report.getTrigger()).isEqualTo(SyncTrigger.SYNC_TRIGGER_MANUAL);
        assertThat(report.getModelsAdded()).isZero();
        assertThat(report.getModelsChanged()).isZero();
        assertThat(report.getModelsDeactivated()).isZero();
        // every model of the file is unchanged, or left alone because a test priced it by hand
        assertThat(report.getModelsUnchanged() + skipped(report, SkipReason.SKIP_REASON_MANUAL_OVERRIDE))
                .isEqualTo(BundledPrices.liteLlm().models().size());
        assertThat(skipped(report, SkipReason.SKIP_REASON_SAMPLE_SPEC)).isEqualTo(1);
        assertThat(skipped(report, SkipReason.SKIP_REASON_NO_TOKEN_PRICING)).isPositive();
        assertThat(catalogRows()).isEqualTo(before);
    }

    @Test
    void oneChangedPriceCreatesExactlyOneVersion() {
        String model = "gpt-3.5-turbo-0125";
        long versions = count("price_version");
        try {
            // input 0.0000005 → 0.0000006
            PriceSourceServer.liteLlm(
                    new PriceSourceServer.Body(SourceFiles.withPrice(model, "input_cost_per_token", "6e-07")));
            SyncReport report = syncNow(SourceFormat.SOURCE_FORMAT_LITELLM);
            assertThat(report.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
            assertThat(report.getModelsChanged()).isEqualTo(1);
            assertThat(count("price_version")).isEqualTo(versions + 1);
            GetModelResponse history = catalog.getModel(
                    GetModelRequest.newBuilder().setModel(model).build());
            assertThat(history.getPriceHistoryList()).hasSizeGreaterThanOrEqualTo(2);
            var newest = history.getPriceHistory(0);
            var previous = history.getPriceHistory(1);
            assertThat(newest.getRates().getInputCostPerToken()).isEqualTo("0.0000006");
            assertThat(newest.getSyncRunId()).isEqualTo(report.getSyncRunId());
            assertThat(newest.hasExpireTime()).isFalse();
            assertThat(previous.getExpireTime()).isEqualTo(newest.getEffectiveTime());
            // a request before the change keeps the old price: 1,000 × 0.0000005 = 0.0005
            assertThat(catalog.quoteCost(QuoteCostRequest.newBuilder()
                                    .setModel(model)
                                    .setTokens(TokenCounts.newBuilder().setInputTokens(1_000))
                                    .setOccurredTime(previous.getEffectiveTime())
                                    .build())
                            .getTotalCost()
                            .getAmount())
                    .isEqualTo("0.0005");
            // ...and one after it the new one: 1,000 × 0.0000006 = 0.0006
            assertThat(catalog.quoteCost(QuoteCostRequest.newBuilder()
                                    .setModel(model)
                                    .setTokens(TokenCounts.newBuilder().setInputTokens(1_000))
                                    .build())
                            .getTotalCost()
                            .getAmount())
                    .isEqualTo("0.0006");
        } finally {
            PriceSourceServer.reset();
            assertThat(syncNow(SourceFormat.SOURCE_FORMAT_LITELLM).getModelsChanged())
                    .isEqualTo(1);
        }
    }

    @Test
    void aSourceThatIsDownLeavesTheCatalogAsItWas() {
        CatalogRows before = catalogRows();
        PriceSourceServer.liteLlm(new PriceSourceServer.HttpError(503));
        SyncReport answered503 = syncNow(SourceFormat.SOURCE_FORMAT_LITELLM);
        assertThat(answered503.getState()).isEqualTo(SyncState.SYNC_STATE_FAILED);
        assertThat(answered503.getErrorMessage()).isEqualTo("source answered HTTP 503");
        PriceSourceServer.liteLlm(new PriceSourceServer.Drop());
        SyncReport dropped = syncNow(SourceFormat.SOURCE_FORMAT_LITELLM);
        assertThat(dropped.getState()).isEqualTo(SyncState.SYNC_STATE_FAILED);
        assertThat(dropped.getErrorMessage()).startsWith("could not read source");
        assertThat(catalogRows()).isEqualTo(before);
        assertThat(catalog.getSyncStatus(GetSyncStatusRequest.getDefaultInstance())
                        .getReport()
                        .getSyncRunId())
                .isEqualTo(dropped.getSyncRunId());
    }

    @Test
    void aSourceThatTimesOutLeavesTheCatalogAsItWas() {
        CatalogRows before = catalogRows();
        PriceSourceServer.liteLlm(new PriceSourceServer.Hang());
        SyncReport report = syncNow(SourceFormat.SOURCE_FORMAT_LITELLM);
        assertThat(report.getState()).isEqualTo(SyncState.SYNC_STATE_FAILED);
        assertThat(report.getErrorMessage()).isEqualTo("source timed out after 2s");
        assertThat(report.hasFinishTime()).isTrue();
        assertThat(catalogRows()).isEqualTo(before);
    }

    @Test
    void malformedJsonLeavesTheCatalogAsItWas() {
        CatalogRows before = catalogRows();
        PriceSourceServer.liteLlm(new PriceSourceServer.Body(
                "{\"gpt-4o\": {\"input_cost_per_token\": 9e-06,".getBytes(StandardCharsets.UTF_8)));
        SyncReport report = syncNow(SourceFormat.SOURCE_FORMAT_LITELLM);
        assertThat(report.getState()).isEqualTo(SyncState.SYNC_STATE_FAILED);
        assertThat(report.getErrorMessage()).startsWith("malformed JSON at line 1");
        assertThat(catalogRows()).isEqualTo(before);
    }

    @Test
    void anOpenRouterSourceAddsItsModelsAndLeavesOthersAlone() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PriceSourceServer.openRouter(
                new PriceSourceServer.Body(("""
                {"data": [
                  {"id": "tally-test/a-%1$s", "context_length": 32000,
                   "pricing": {"prompt": "0.0000002", "completion": "0.0000008", "input_cache_read": "0.00000002"}},
                  {"id": "tally-test/b-%1$s", "pricing": {"prompt": "-1", "completion": "-1"}}
                ]}""").formatted(suffix).getBytes(StandardCharsets.UTF_8)));
        SyncReport report = syncNow(SourceFormat.SOURCE_FORMAT_OPENROUTER);
        assertThat(report.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        assertThat(report.getSourceFormat()).isEqualTo(SourceFormat.SOURCE_FORMAT_OPENROUTER);
        assertThat(report.getModelsAdded()).isEqualTo(1);
        assertThat(report.getModelsDeactivated()).isZero();
        assertThat(skipped(report, SkipReason.SKIP_REASON_NO_TOKEN_PRICING)).isEqualTo(1);
        // 1,000 input × 0.0000002 + 1,000 cache read × 0.00000002 = 0.0002 + 0.00002 = 0.00022
        assertThat(catalog.quoteCost(QuoteCostRequest.newBuilder()
                                .setModel("openrouter/tally-test/a-" + suffix)
                                .setTokens(TokenCounts.newBuilder()
                                        .setInputTokens(1_000)
                                        .setCacheReadTokens(1_000))
                                .build())
                        .getTotalCost()
                        .getAmount())
                .isEqualTo("0.00022");
    }

    @Test
    void syncNowIsIdempotent() {
        String key = UUID.randomUUID().toString();
        SyncNowRequest request =
                SyncNowRequest.newBuilder().setIdempotencyKey(key).build();
        SyncNowResponse first = catalog.syncNow(request);
        long runs = count("sync_run");
        SyncNowResponse replay = catalog.syncNow(request);
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.getReport().getSyncRunId())
                .isEqualTo(first.getReport().getSyncRunId());
        assertThat(replay.getReport().getState()).isEqualTo(first.getReport().getState());
        assertThat(count("sync_run")).isEqualTo(runs);
        Rows before = rows();
        assertFails(
                () -> catalog.syncNow(request.toBuilder()
                        .setSourceFormat(SourceFormat.SOURCE_FORMAT_OPENROUTER)
                        .build()),
                Status.Code.ALREADY_EXISTS,
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void returnImmediatelyAnswersWhileTheRunGoesOn() {
        PriceSourceServer.liteLlm(new PriceSourceServer.Hang());
        SyncNowRequest request = SyncNowRequest.newBuilder()
                .setReturnImmediately(true)
                .setIdempotencyKey(UUID.randomUUID().toString())
                .build();
        SyncReport running = catalog.syncNow(request).getReport();
        assertThat(running.getState()).isEqualTo(SyncState.SYNC_STATE_RUNNING);
        assertThat(running.hasFinishTime()).isFalse();
        // a replay reports the run as it is now: still running...
        SyncNowResponse replayedWhileRunning = catalog.syncNow(request);
        assertThat(replayedWhileRunning.getDuplicate()).isTrue();
        assertThat(replayedWhileRunning.getReport().getSyncRunId()).isEqualTo(running.getSyncRunId());
        assertThat(replayedWhileRunning.getReport().getState()).isEqualTo(SyncState.SYNC_STATE_RUNNING);
        PriceSourceServer.reset();
        GetSyncStatusRequest status = GetSyncStatusRequest.newBuilder()
                .setSyncRunId(running.getSyncRunId())
                .build();
        await("the run ends")
                .atMost(Waits.PATIENTLY)
                .until(() -> catalog.getSyncStatus(status).getReport().getState() != SyncState.SYNC_STATE_RUNNING);
        // ...and once it ended, ended
        SyncReport ended = catalog.getSyncStatus(status).getReport();
        assertThat(catalog.syncNow(request).getReport()).isEqualTo(ended);
    }

    @Test
    void badSyncRequestsAreInvalidAndStoreNothing() {
        Rows before = rows();
        assertInvalid(() -> catalog.syncNow(SyncNowRequest.getDefaultInstance()), "idempotency_key");
        assertInvalid(
                () -> catalog.syncNow(SyncNowRequest.newBuilder()
                        .setIdempotencyKey("k".repeat(129))
                        .build()),
                "idempotency_key");
        assertInvalid(
                () -> catalog.getSyncStatus(
                        GetSyncStatusRequest.newBuilder().setSyncRunId("run-1").build()),
                "sync_run_id");
        assertFails(
                () -> catalog.getSyncStatus(GetSyncStatusRequest.newBuilder()
                        .setSyncRunId(UUID.randomUUID().toString())
                        .build()),
                Status.Code.NOT_FOUND,
                "RESOURCE_NOT_FOUND");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aRunLeftRunningByAStoppedReplicaIsFailedByTheNextRun() {
        UUID orphan = UUID.randomUUID();
        execute("INSERT INTO sync_run (id, state, trigger, source_format, source_location, started_at) VALUES ('"
                + orphan + "', 'RUNNING', 'MANUAL', 'LITELLM', 'http://gone', now() - interval '1 hour')");
        assertThat(syncNow(SourceFormat.SOURCE_FORMAT_LITELLM).getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        SyncReport old = catalog.getSyncStatus(GetSyncStatusRequest.newBuilder()
                        .setSyncRunId(orphan.toString())
                        .build())
                .getReport();
        assertThat(old.getState()).isEqualTo(SyncState.SYNC_STATE_FAILED);
        assertThat(old.getErrorMessage()).startsWith("abandoned");
    }
}
