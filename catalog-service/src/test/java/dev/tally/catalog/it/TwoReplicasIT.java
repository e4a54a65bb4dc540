package dev.tally.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.catalog.support.BundledPrices;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.PriceChangeKind;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.common.v1.TokenCounts;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service, started together against one empty database: the catalog
 * is filled once, each scheduled sync slot (every 3 s here) runs once across both, and a price
 * change made through one replica reaches a watcher of the other.
 */
class TwoReplicasIT {

    private static final TestDatabase PG = TestDatabase.get();
    private static final PriceSourceServer SOURCE = new PriceSourceServer();
    private static String database;
    private static ServiceProcess replicaA;
    private static ServiceProcess replicaB;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        database = PG.createDatabase("catalog_it");
        Map<String, String> source = SOURCE.start();
        Map<String, String> env = new HashMap<>(Replicas.databaseEnv(PG, database));
        env.put("TALLY_CATALOG_SYNC_CRON", "0/3 * * * * ?");
        env.put("TALLY_CATALOG_SYNC_LITELLM_URL", source.get("tally.catalog.sync.litellm-url"));
        replicaA = Replicas.launch(TallyService.CATALOG, "catalog-replica-a", env);
        replicaB = Replicas.launch(TallyService.CATALOG, "catalog-replica-b", env);
        replicaA.awaitReady(Duration.ofSeconds(90));
        replicaB.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (replicaA != null) {
                replicaA.close();
            }
            if (replicaB != null) {
                replicaB.close();
            }
        } finally {
            SOURCE.stop();
            PG.dropDatabase(database);
        }
    }

    private static long query(String sql) {
        return PG.queryLong(database, sql);
    }

    @Test
    void theEmptyCatalogWasFilledOnce() {
        // by the bundled seed, or by a scheduled sync that won the sync lock first (the cron fires
        // every 3 s here): either way one run added the models, once
        int models = BundledPrices.liteLlm().models().size();
        assertThat(query("SELECT count(*) FROM sync_run WHERE models_added > 0"))
                .isEqualTo(1);
        assertThat(query("SELECT sum(models_added) FROM sync_run")).isEqualTo(models);
        assertThat(query("SELECT count(*) FROM sync_run WHERE trigger = 'SEED'"))
                .isLessThanOrEqualTo(1);
        assertThat(query("SELECT count(*) FROM model")).isEqualTo(models);
    }

    @Test
    void eachScheduledSlotRunsOnceAcrossReplicas() {
        await("three scheduled syncs")
                .atMost(Waits.PATIENTLY)
                .until(() ->
                        query("SELECT count(*) FROM sync_run WHERE trigger = 'SCHEDULE' AND state = 'SUCCEEDED'") >= 3);
        assertThat(query("SELECT count(*) FROM sync_run WHERE trigger = 'SCHEDULE'"))
                .isEqualTo(query("SELECT count(DISTINCT schedule_slot) FROM sync_run WHERE trigger = 'SCHEDULE'"));
        assertThat(
                        query(
                                "SELECT count(*) FROM sync_run WHERE trigger = 'SCHEDULE' AND state NOT IN ('SUCCEEDED', 'RUNNING')"))
                .isZero();
        // the same file again and again: one version per model, none added by later runs
        assertThat(query("SELECT count(*) FROM price_version WHERE source = 'SYNC'"))
                .isEqualTo(BundledPrices.liteLlm().models().size());
    }

    @Test
    void aChangeThroughOneReplicaReachesWatchersOfTheOther() {
        ManagedChannel a = ManagedChannelBuilder.forAddress("localhost", replicaA.port())
                .usePlaintext()
                .build();
        ManagedChannel b = ManagedChannelBuilder.forAddress("localhost", replicaB.port())
                .usePlaintext()
                .build();
        try {
            Iterator<WatchPriceChangesResponse> watch = CatalogServiceGrpc.newBlockingStub(b)
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .watchPriceChanges(WatchPriceChangesRequest.getDefaultInstance());
            while (watch.next().getKind() != PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT_END) {
                // the snapshot of replica B's table
            }
            String id = "it/custom-" + UUID.randomUUID().toString().substring(0, 8);
            CatalogServiceGrpc.newBlockingStub(a)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .upsertModelPrice(UpsertModelPriceRequest.newBuilder()
                            .setModelId(id)
                            .setProvider("it")
                            .setRates(TokenRates.newBuilder()
                                    .setInputCostPerToken("0.000001")
                                    .setOutputCostPerToken("0.000002"))
                            .setIdempotencyKey(UUID.randomUUID().toString())
                            .build());
            WatchPriceChangesResponse change;
            do {
                change = watch.next();
            } while (change.getModelsList().stream()
                    .noneMatch(m -> m.getModel().getModelId().equals(id)));
            assertThat(change.getKind()).isEqualTo(PriceChangeKind.PRICE_CHANGE_KIND_CHANGE);
            // replica B prices with it: 1,000 × 0.000001 = 0.001
            assertThat(CatalogServiceGrpc.newBlockingStub(b)
                            .withDeadlineAfter(30, TimeUnit.SECONDS)
                            .quoteCost(QuoteCostRequest.newBuilder()
                                    .setModel(id)
                                    .setTokens(TokenCounts.newBuilder().setInputTokens(1_000))
                                    .build())
                            .getTotalCost()
                            .getAmount())
                    .isEqualTo("0.001");
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }
}
