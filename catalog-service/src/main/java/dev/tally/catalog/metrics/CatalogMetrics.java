package dev.tally.catalog.metrics;

import dev.tally.catalog.cache.PriceTable;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.support.metrics.SampledGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
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

    private final Pool pool;
    private final Clock clock;
    private final SampledGauges runsByState;
    private final AtomicLong lastSuccessEpochSecond = new AtomicLong(-1);

    public CatalogMetrics(Pool pool, Clock clock, PriceTable table, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        runsByState = new SampledGauges(registry, "tally.catalog.sync.runs", "sync runs recorded in this state", "state",
                Arrays.stream(SyncState.values()).map(Enum::name).toList());
        Gauge.builder("tally.catalog.price.table.age.seconds", this, CatalogMetrics::priceTableAgeSeconds)
                .description("seconds since the newest successful sync finished (-1: none yet)").register(registry);
        Gauge.builder("tally.catalog.price.table.revision", table, t -> t.loaded() ? t.current().revision() : -1)
                .description("catalog revision this replica serves").register(registry);
        Gauge.builder("tally.catalog.models", table, t -> t.loaded() ? t.current().models().size() : 0)
                .description("models in this replica's price table").register(registry);
    }

    @Scheduled(identity = "catalog-metrics", every = "${tally.catalog.metrics.interval:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sample() {
        return pool.query("SELECT state, count(*) AS runs FROM sync_run GROUP BY state").execute()
                .invoke(rows -> {
                    Map<String, Long> sample = new HashMap<>();
                    rows.forEach(row -> sample.put(row.getString("state"), row.getLong("runs")));
                    runsByState.set(sample);
                })
                .chain(() -> pool.query("SELECT max(coalesce(resolved_at, finished_at)) AS at FROM sync_run "
                        + "WHERE state IN ('SUCCEEDED', 'APPLIED')").execute())
                .invoke(rows -> {
                    OffsetDateTime at = rows.iterator().next().getOffsetDateTime("at");
                    lastSuccessEpochSecond.set(at == null ? -1 : at.toEpochSecond());
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    double priceTableAgeSeconds() {
        long at = lastSuccessEpochSecond.get();
        return at < 0 ? -1 : Duration.ofSeconds(clock.instant().getEpochSecond() - at).toSeconds();
    }
}
