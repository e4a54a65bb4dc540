package dev.tally.usage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.PriceChangeKind;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.pricing.Model;
import dev.tally.pricing.Quote;
import dev.tally.pricing.TokenCounts;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.ProtoTime;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import dev.tally.usage.client.PriceMapper;
import dev.tally.usage.client.PriceTable;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 7: usage-service's local pricing equals catalog QuoteCost for every bundled model. The
 * real catalog-service runs as a process (seeded from its bundled snapshot); its WatchPriceChanges
 * stream fills usage-service's {@link PriceTable} through {@link PriceMapper} exactly as the service
 * does; then every model is priced both ways with four token mixes (plain; cached and reasoning; a
 * prompt of 1,000,001 tokens, above every long-context tier; batch) and the results must be identical
 * (model id, price version, tier, every line's rate and cost, the total).
 */
class PricingEqualityIT {

    private static final List<dev.tally.common.v1.TokenCounts> MIXES = List.of(
            dev.tally.common.v1.TokenCounts.newBuilder()
                    .setInputTokens(1_234)
                    .setOutputTokens(567)
                    .build(),
            dev.tally.common.v1.TokenCounts.newBuilder()
                    .setInputTokens(10_000)
                    .setOutputTokens(2_000)
                    .setCacheReadTokens(50_000)
                    .setCacheWrite5MTokens(3_000)
                    .setCacheWrite1HTokens(1_000)
                    .setReasoningTokens(700)
                    .build(),
            dev.tally.common.v1.TokenCounts.newBuilder()
                    .setInputTokens(1_000_001)
                    .setOutputTokens(10_000)
                    .build(),
            dev.tally.common.v1.TokenCounts.newBuilder()
                    .setInputTokens(40_000)
                    .setOutputTokens(9_000)
                    .setBatch(true)
                    .build());

    @Test
    void everyBundledModelIsPricedIdenticallyLocallyAndByTheCatalog() throws Exception {
        TestDatabase pg = TestDatabase.get();
        String database = pg.createDatabase("pricing_it");
        try (ServiceProcess catalog =
                Replicas.launch(TallyService.CATALOG, "pricing-it-catalog", Replicas.databaseEnv(pg, database))) {
            catalog.awaitReady(Duration.ofSeconds(120));
            ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", catalog.port())
                    .usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024)
                    .build();
            try {
                PriceTable table = new PriceTable();
                load(channel, table);
                var stub = CatalogServiceGrpc.newBlockingStub(channel);
                Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                int compared = 0;
                List<String> different = new ArrayList<>();
                for (Model model : table.current().models()) {
                    for (dev.tally.common.v1.TokenCounts mix : MIXES) {
                        QuoteCostResponse remote = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                .quoteCost(QuoteCostRequest.newBuilder()
                                        .setModel(model.id())
                                        .setTokens(mix)
                                        .setOccurredTime(ProtoTime.timestamp(at))
                                        .build());
                        Quote local = table.quote(
                                model.id(),
                                new TokenCounts(
                                        mix.getInputTokens(),
                                        mix.getOutputTokens(),
                                        mix.getCacheReadTokens(),
                                        mix.getCacheWrite5MTokens(),
                                        mix.getCacheWrite1HTokens(),
                                        mix.getReasoningTokens(),
                                        mix.getBatch()),
                                at);
                        if (!same(local, remote)) {
                            different.add(model.id() + " " + mix + ": local " + local.total() + " catalog "
                                    + remote.getTotalCost().getAmount());
                        }
                        compared++;
                    }
                }
                System.out.printf(
                        "PricingEqualityIT: %d models, %d quotes compared, %d different%n",
                        table.size(), compared, different.size());
                assertThat(table.size()).isGreaterThan(2_000);
                assertThat(different).isEmpty();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            pg.dropDatabase(database);
        }
    }

    /** The snapshot of WatchPriceChanges into the table, as PriceFeed loads it. */
    private static void load(ManagedChannel channel, PriceTable table) {
        Iterator<WatchPriceChangesResponse> watch = CatalogServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchPriceChanges(WatchPriceChangesRequest.newBuilder()
                        .setHistorySince(ProtoTime.timestamp(Instant.EPOCH))
                        .setIncludeInactive(true)
                        .build());
        List<Model> models = new ArrayList<>();
        while (true) {
            WatchPriceChangesResponse message = watch.next();
            if (message.getKind() == PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT_END) {
                table.replace(message.getRevision(), models);
                return;
            }
            message.getModelsList().forEach(m -> {
                Model model = PriceMapper.model(m);
                if (model != null) {
                    models.add(model);
                }
            });
        }
    }

    private static boolean same(Quote local, QuoteCostResponse remote) {
        if (!local.modelId().equals(remote.getModelId())
                || !local.version().id().toString().equals(remote.getPriceVersionId())
                || !Decimals.text(local.total()).equals(remote.getTotalCost().getAmount())
                || !local.currency().equals(remote.getTotalCost().getCurrencyCode())
                || (local.appliedTierThreshold() == null) == remote.hasAppliedTierThresholdTokens()
                || local.lines().size() != remote.getLinesCount()) {
            return false;
        }
        for (int i = 0; i < local.lines().size(); i++) {
            var l = local.lines().get(i);
            var r = remote.getLines(i);
            if (l.tokens() != r.getTokens()
                    || !Decimals.text(l.rate()).equals(r.getCostPerToken())
                    || !Decimals.text(l.cost()).equals(r.getCost().getAmount())) {
                return false;
            }
        }
        return true;
    }
}
