package dev.tally.catalog.metrics;

import dev.tally.catalog.app.PriceTable;
import dev.tally.catalog.app.SyncAdmin;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.support.metrics.SampledGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The catalog's {@code tally_*} metrics. Sync runs by state and the age of the newest successful
 * sync are sampled from the database every {@code tally.catalog.metrics.interval}, so every replica
 * reports the same values whichever replica ran the sync:
 * <ul>
 *   <li>{@code tally_catalog_sync_runs{state}}: runs recorded in each state;</li>
 *   <li>{@code tally_catalog_price_table_age_seconds}: seconds since the newest successful (or
 *       applied) sync finished; -1 before the first one;</li>
 *   <li>{@code tally_catalog_price_table_revision}: the revision this replica's price table serves;</li>
 *   <li>{@code tally_catalog_models}: models in this replica's price table.</li>
 * </ul>
 */
@ApplicationScoped
public class CatalogMetrics {

    private final SyncAdmin sync;
    private final Clock clock;
    private final SampledGauges runsByState;
    private final AtomicLong lastSuccessEpochSecond = new AtomicLong(-1);

    public CatalogMetrics(SyncAdmin sync, Clock clock, PriceTable table, MeterRegistry registry) {
        this.sync = sync;
        this.clock = clock;
        runsByState = new SampledGauges(
                registry,
                "tally.catalog.sync.runs",
                "sync runs recorded in this state",
                "state",
                Arrays.stream(SyncState.values()).map(Enum::name).toList());
        Gauge.builder("tally.catalog.price.table.age.seconds", this, CatalogMetrics::priceTableAgeSeconds)
                .description("seconds since the newest successful sync finished (-1: none yet)")
                .register(registry);
        Gauge.builder(
                        "tally.catalog.price.table.revision",
                        table,
                        t -> t.loaded() ? t.current().revision() : -1)
                .description("catalog revision this replica serves")
                .register(registry);
        Gauge.builder(
                        "tally.catalog.models",
                        table,
                        t -> t.loaded() ? t.current().models().size() : 0)
                .description("models in this replica's price table")
                .register(registry);
    }

    @Scheduled(
            identity = "catalog-metrics",
            every = "${tally.catalog.metrics.interval:30s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sample() {
        return sync.summary()
                .invoke(summary -> {
                    Map<String, Long> sample = new HashMap<>();
                    summary.runsByState().forEach((state, runs) -> sample.put(state.name(), runs));
                    runsByState.set(sample);
                    lastSuccessEpochSecond.set(
                            summary.lastSuccess() == null
                                    ? -1
                                    : summary.lastSuccess().getEpochSecond());
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    double priceTableAgeSeconds() {
        long at = lastSuccessEpochSecond.get();
        return at < 0
                ? -1
                : Duration.ofSeconds(clock.instant().getEpochSecond() - at).toSeconds();
    }
}
