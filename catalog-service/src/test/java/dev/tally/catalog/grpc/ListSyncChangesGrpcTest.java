package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.support.BundledPrices;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.support.SourceFiles;
import dev.tally.catalog.v1.ApplyHeldSyncRequest;
import dev.tally.catalog.v1.DiscardHeldSyncRequest;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.ListSyncChangesRequest;
import dev.tally.catalog.v1.ListSyncChangesResponse;
import dev.tally.catalog.v1.PriceVersion;
import dev.tally.catalog.v1.RateChange;
import dev.tally.catalog.v1.SyncChange;
import dev.tally.catalog.v1.SyncChangeKind;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ListSyncChanges: what a run changed (or, held, would change), paged, through gRPC. */
@QuarkusTest
class ListSyncChangesGrpcTest extends CatalogGrpcTest {

    private static final String HAIKU = "claude-3-haiku-20240307";
    private static final String COMMAND_R = "command-r";
    private static final String GPT4_TURBO = "gpt-4-turbo";

    private SyncReport syncNow() {
        return catalog.syncNow(SyncNowRequest.newBuilder()
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build())
                .getReport();
    }

    private SyncReport syncBundled() {
        PriceSourceServer.reset();
        SyncReport report = syncNow();
        assertThat(report.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        return report;
    }

    private PriceVersion currentPrice(String model) {
        return catalog.getModel(GetModelRequest.newBuilder().setModel(model).build())
                .getModel()
                .getCurrentPrice();
    }

    /** Every change of a run, page by page (each page checked to continue the previous one). */
    private List<SyncChange> allChanges(ListSyncChangesRequest first) {
        List<SyncChange> all = new ArrayList<>();
        ListSyncChangesRequest request = first;
        while (true) {
            ListSyncChangesResponse page = catalog.listSyncChanges(request);
            all.addAll(page.getChangesList());
            assertThat(page.getTotalSize()).isGreaterThanOrEqualTo(all.size());
            if (page.getNextPageToken().isEmpty()) {
                assertThat(all).hasSize(page.getTotalSize());
                return all;
            }
            // a full page: page_size, or 100 when 0
            assertThat(page.getChangesList()).hasSize(request.getPageSize() == 0 ? 100 : request.getPageSize());
            request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
        }
    }

    private static ListSyncChangesRequest changesOf(SyncReport run) {
        return ListSyncChangesRequest.newBuilder()
                .setSyncRunId(run.getSyncRunId())
                .setPageSize(1_000)
                .build();
    }

    private static RateChange rate(String name, String before, String after) {
        return RateChange.newBuilder()
                .setRate(name)
                .setOldValue(before)
                .setNewValue(after)
                .build();
    }

    @Test
    void aSyncThatRepricesTwoModelsAndAddsOneListsExactlyThose() {
        syncBundled();
        String added = "tally-test/added-" + UUID.randomUUID();
        PriceVersion haikuBefore = currentPrice(HAIKU);
        PriceVersion commandRBefore = currentPrice(COMMAND_R);
        try {
            // haiku: output 0.00000125 → 0.0000015, cache read 0.00000003 → 0.00000004;
            // command-r: input 0.00000015 → 0.0000002; and a new model
            PriceSourceServer.liteLlm(new PriceSourceServer.Body(SourceFiles.edited(false, root -> {
                SourceFiles.setPrice(root, HAIKU, "output_cost_per_token", "1.5e-06");
                SourceFiles.setPrice(root, HAIKU, "cache_read_input_token_cost", "4e-08");
                SourceFiles.setPrice(root, COMMAND_R, "input_cost_per_token", "2e-07");
                SourceFiles.addModel(root, added, "openai", "0.000001", "0.000002");
            })));
            SyncReport run = syncNow();
            assertThat(run.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
            assertThat(run.getModelsChanged()).isEqualTo(2);
            assertThat(run.getModelsAdded()).isEqualTo(1);

            ListSyncChangesResponse listing = catalog.listSyncChanges(changesOf(run));
            assertThat(listing.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
            assertThat(listing.getPreview()).isFalse();
            assertThat(listing.getTotalSize()).isEqualTo(3);
            assertThat(listing.getNextPageToken()).isEmpty();
            PriceVersion haikuAfter = currentPrice(HAIKU);
            PriceVersion commandRAfter = currentPrice(COMMAND_R);
            PriceVersion addedPrice = currentPrice(added);
            assertThat(listing.getChangesList())
                    .containsExactly(
                            SyncChange.newBuilder()
                                    .setModelId(HAIKU)
                                    .setKind(SyncChangeKind.SYNC_CHANGE_KIND_PRICE_CHANGED)
                                    .setOldPriceVersionId(haikuBefore.getPriceVersionId())
                                    .setNewPriceVersionId(haikuAfter.getPriceVersionId())
                                    .addRateChanges(rate("output_cost_per_token", "0.00000125", "0.0000015"))
                                    .addRateChanges(rate("cache_read_input_cost_per_token", "0.00000003", "0.00000004"))
                                    .setEffectiveTime(haikuAfter.getEffectiveTime())
                                    .build(),
                            SyncChange.newBuilder()
                                    .setModelId(COMMAND_R)
                                    .setKind(SyncChangeKind.SYNC_CHANGE_KIND_PRICE_CHANGED)
                                    .setOldPriceVersionId(commandRBefore.getPriceVersionId())
                                    .setNewPriceVersionId(commandRAfter.getPriceVersionId())
                                    .addRateChanges(rate("input_cost_per_token", "0.00000015", "0.0000002"))
                                    .setEffectiveTime(commandRAfter.getEffectiveTime())
                                    .build(),
                            SyncChange.newBuilder()
                                    .setModelId(added)
                                    .setKind(SyncChangeKind.SYNC_CHANGE_KIND_ADDED)
                                    .setNewPriceVersionId(addedPrice.getPriceVersionId())
                                    .addRateChanges(rate("input_cost_per_token", "", "0.000001"))
                                    .addRateChanges(rate("output_cost_per_token", "", "0.000002"))
                                    .setEffectiveTime(addedPrice.getEffectiveTime())
                                    .build());
            // the versions listed are the ones the models' history shows
            assertThat(haikuAfter.getSyncRunId()).isEqualTo(run.getSyncRunId());
            assertThat(haikuBefore.getPriceVersionId()).isNotEqualTo(haikuAfter.getPriceVersionId());

            // filters: by kind, by model id prefix
            assertThat(catalog.listSyncChanges(changesOf(run).toBuilder()
                                    .addKinds(SyncChangeKind.SYNC_CHANGE_KIND_ADDED)
                                    .build())
                            .getChangesList())
                    .extracting(SyncChange::getModelId)
                    .containsExactly(added);
            ListSyncChangesResponse claude = catalog.listSyncChanges(
                    changesOf(run).toBuilder().setModelIdPrefix("claude-").build());
            assertThat(claude.getChangesList())
                    .extracting(SyncChange::getModelId)
                    .containsExactly(HAIKU);
            assertThat(claude.getTotalSize()).isEqualTo(1);
        } finally {
            SyncReport restored = syncBundled();
            // back to the bundled prices: the two repriced again, the added model gone
            assertThat(catalog.listSyncChanges(changesOf(restored)).getChangesList())
                    .extracting(SyncChange::getModelId, SyncChange::getKind)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(HAIKU, SyncChangeKind.SYNC_CHANGE_KIND_PRICE_CHANGED),
                            org.assertj.core.groups.Tuple.tuple(
                                    COMMAND_R, SyncChangeKind.SYNC_CHANGE_KIND_PRICE_CHANGED),
                            org.assertj.core.groups.Tuple.tuple(added, SyncChangeKind.SYNC_CHANGE_KIND_DEACTIVATED));
        }
    }

    @Test
    void theSeedsThousandsOfAdditionsPageWithoutGapsOrRepeats() {
        String seed = seedRunId();
        ListSyncChangesRequest first = ListSyncChangesRequest.newBuilder()
                .setSyncRunId(seed)
                .setPageSize(600)
                .build();
        List<SyncChange> all = allChanges(first);
        List<String> ids = all.stream().map(SyncChange::getModelId).toList();
        // every model of the bundled file exactly once, in byte order of the ids
        assertThat(ids)
                .isEqualTo(BundledPrices.liteLlm().models().stream()
                        .map(dev.tally.catalog.domain.sync.SourceModel::id)
                        .sorted()
                        .toList());
        assertThat(all).allSatisfy(change -> {
            assertThat(change.getKind()).isEqualTo(SyncChangeKind.SYNC_CHANGE_KIND_ADDED);
            assertThat(change.getOldPriceVersionId()).isEmpty();
            assertThat(change.getNewPriceVersionId()).isNotEmpty();
            assertThat(change.hasEffectiveTime()).isTrue();
            assertThat(change.getRateChangesList())
                    .extracting(RateChange::getRate)
                    .contains("input_cost_per_token", "output_cost_per_token");
        });
        // the same listing with the default page size (100), and a filtered one
        assertThat(allChanges(first.toBuilder().setPageSize(0).build())).isEqualTo(all);
        List<SyncChange> gemini = allChanges(
                first.toBuilder().setPageSize(10).setModelIdPrefix("gemini/").build());
        assertThat(gemini)
                .isEqualTo(all.stream()
                        .filter(c -> c.getModelId().startsWith("gemini/"))
                        .toList());
        assertThat(gemini).hasSizeGreaterThan(10);
    }

    @Test
    void aHeldRunsPreviewIsWhatApplyHeldSyncApplies() {
        String added = "tally-test/held-added-" + UUID.randomUUID();
        PriceVersion turboBefore = currentPrice(GPT4_TURBO);
        // half the models gone (held), gpt-4-turbo's input 0.00001 → 0.000009, one new model
        PriceSourceServer.liteLlm(new PriceSourceServer.Body(SourceFiles.edited(true, root -> {
            SourceFiles.setPrice(root, GPT4_TURBO, "input_cost_per_token", "9e-06");
            SourceFiles.addModel(root, added, "openai", "0.000003", "0.000004");
        })));
        try {
            SyncReport held = syncNow();
            assertThat(held.getState()).isEqualTo(SyncState.SYNC_STATE_HELD);
            ListSyncChangesRequest request =
                    changesOf(held).toBuilder().setPageSize(400).build();
            ListSyncChangesResponse firstPage = catalog.listSyncChanges(request);
            assertThat(firstPage.getPreview()).isTrue();
            assertThat(firstPage.getPreviewOutdated()).isFalse();
            assertThat(firstPage.getState()).isEqualTo(SyncState.SYNC_STATE_HELD);
            assertThat(firstPage.getTotalSize())
                    .isEqualTo(held.getModelsAdded() + held.getModelsChanged() + held.getModelsDeactivated());
            List<SyncChange> preview = allChanges(request);
            // a preview: nothing created yet, no effective time
            assertThat(preview).allSatisfy(change -> {
                assertThat(change.getNewPriceVersionId()).isEmpty();
                assertThat(change.hasEffectiveTime()).isFalse();
            });
            assertThat(preview)
                    .filteredOn(c -> c.getModelId().equals(GPT4_TURBO))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.getKind()).isEqualTo(SyncChangeKind.SYNC_CHANGE_KIND_PRICE_CHANGED);
                        assertThat(c.getOldPriceVersionId()).isEqualTo(turboBefore.getPriceVersionId());
                        assertThat(c.getRateChangesList())
                                .containsExactly(rate("input_cost_per_token", "0.00001", "0.000009"));
                    });
            assertThat(preview)
                    .filteredOn(c -> c.getKind() == SyncChangeKind.SYNC_CHANGE_KIND_DEACTIVATED)
                    .hasSize(held.getModelsDeactivated());

            SyncReport applied = catalog.applyHeldSync(ApplyHeldSyncRequest.newBuilder()
                            .setSyncRunId(held.getSyncRunId())
                            .setIdempotencyKey(UUID.randomUUID().toString())
                            .build())
                    .getReport();
            assertThat(applied.getState()).isEqualTo(SyncState.SYNC_STATE_APPLIED);
            ListSyncChangesResponse appliedPage = catalog.listSyncChanges(request);
            assertThat(appliedPage.getPreview()).isFalse();
            assertThat(appliedPage.getState()).isEqualTo(SyncState.SYNC_STATE_APPLIED);
            List<SyncChange> done = allChanges(request);
            // the same changes, now with the versions created and the time they took effect
            assertThat(done.stream()
                            .map(c -> c.toBuilder()
                                    .clearNewPriceVersionId()
                                    .clearEffectiveTime()
                                    .build())
                            .toList())
                    .isEqualTo(preview);
            assertThat(done)
                    .allSatisfy(change -> assertThat(change.hasEffectiveTime()).isTrue());
            PriceVersion turboAfter = currentPrice(GPT4_TURBO);
            assertThat(done)
                    .filteredOn(c -> c.getModelId().equals(GPT4_TURBO))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.getNewPriceVersionId()).isEqualTo(turboAfter.getPriceVersionId());
                        assertThat(c.getEffectiveTime()).isEqualTo(turboAfter.getEffectiveTime());
                    });
            assertThat(done)
                    .filteredOn(c -> c.getModelId().equals(added))
                    .singleElement()
                    .extracting(SyncChange::getNewPriceVersionId)
                    .isEqualTo(currentPrice(added).getPriceVersionId());
            assertThat(done)
                    .filteredOn(c -> c.getKind() == SyncChangeKind.SYNC_CHANGE_KIND_DEACTIVATED)
                    .allSatisfy(c -> assertThat(c.getNewPriceVersionId()).isEmpty());
        } finally {
            syncBundled();
        }
    }

    @Test
    void aHeldPreviewSaysWhenTheCatalogChangedSinceAndADiscardedRunKeepsItsPreview() {
        PriceSourceServer.liteLlm(new PriceSourceServer.Body(SourceFiles.withoutHalf()));
        try {
            SyncReport held = syncNow();
            assertThat(held.getState()).isEqualTo(SyncState.SYNC_STATE_HELD);
            assertThat(catalog.listSyncChanges(changesOf(held)).getPreviewOutdated())
                    .isFalse();
            catalog.upsertModelPrice(UpsertModelPriceRequest.newBuilder()
                    .setModelId("tally-test/custom-" + UUID.randomUUID())
                    .setProvider("self-hosted")
                    .setRates(TokenRates.newBuilder()
                            .setInputCostPerToken("0.000001")
                            .setOutputCostPerToken("0.000002"))
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .build());
            assertThat(catalog.listSyncChanges(changesOf(held)).getPreviewOutdated())
                    .isTrue();
            catalog.discardHeldSync(DiscardHeldSyncRequest.newBuilder()
                    .setSyncRunId(held.getSyncRunId())
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .build());
            ListSyncChangesResponse discarded = catalog.listSyncChanges(changesOf(held));
            assertThat(discarded.getState()).isEqualTo(SyncState.SYNC_STATE_DISCARDED);
            assertThat(discarded.getPreview()).isTrue();
            assertThat(discarded.getPreviewOutdated()).isFalse();
            assertThat(discarded.getTotalSize()).isEqualTo(held.getModelsDeactivated());
        } finally {
            PriceSourceServer.reset();
        }
    }

    @Test
    void badRequestsAreInvalidOrNotFoundAndChangeNothing() {
        Rows before = rows();
        long changes = count("sync_change");
        assertInvalid(() -> catalog.listSyncChanges(ListSyncChangesRequest.getDefaultInstance()), "sync_run_id");
        assertInvalid(
                () -> catalog.listSyncChanges(ListSyncChangesRequest.newBuilder()
                        .setSyncRunId("not-a-uuid")
                        .setPageSize(-1)
                        .addKinds(SyncChangeKind.SYNC_CHANGE_KIND_UNSPECIFIED)
                        .build()),
                "sync_run_id",
                "page_size",
                "kinds[0]");
        String seed = seedRunId();
        assertInvalid(
                () -> catalog.listSyncChanges(ListSyncChangesRequest.newBuilder()
                        .setSyncRunId(seed)
                        .setPageToken("not-a-token")
                        .build()),
                "page_token");
        // a token is valid only for the run and filters it was returned for
        String token = catalog.listSyncChanges(ListSyncChangesRequest.newBuilder()
                        .setSyncRunId(seed)
                        .setPageSize(10)
                        .build())
                .getNextPageToken();
        assertThat(token).isNotEmpty();
        assertInvalid(
                () -> catalog.listSyncChanges(ListSyncChangesRequest.newBuilder()
                        .setSyncRunId(seed)
                        .setPageSize(10)
                        .setModelIdPrefix("gpt-")
                        .setPageToken(token)
                        .build()),
                "page_token");
        Map<String, String> metadata = assertFails(
                () -> catalog.listSyncChanges(ListSyncChangesRequest.newBuilder()
                        .setSyncRunId("0b5f8a3e-6c1d-4f2a-9e7b-3d2c1a0f9e8d")
                        .build()),
                Status.Code.NOT_FOUND,
                "RESOURCE_NOT_FOUND");
        assertThat(metadata).containsEntry("sync_run_id", "0b5f8a3e-6c1d-4f2a-9e7b-3d2c1a0f9e8d");
        assertThat(rows()).isEqualTo(before);
        assertThat(count("sync_change")).isEqualTo(changes);
    }

    private static String seedRunId() {
        try (Connection c = TestDatabase.get().connect(PostgresResource.currentDatabase());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id FROM sync_run WHERE trigger = 'SEED'")) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
