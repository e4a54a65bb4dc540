package dev.tally.invoice.metrics;

import dev.tally.support.metrics.SampledGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invoice service's {@code tally_*} metrics, sampled from the database every
 * {@code tally.invoice.metrics.interval} (every replica reports the same):
 * <ul>
 *   <li>{@code tally_invoice_invoices{status}}: invoices (period, purchase and credit notes) by status;</li>
 *   <li>{@code tally_invoice_period_close_lag_seconds}: how long the oldest period whose grace window
 *       has ended has been waiting to be closed (0: none waiting). Alert when it exceeds a few
 *       billing-job intervals: invoices are late.</li>
 *   <li>{@code tally_invoice_periods_awaiting_close}: how many such periods.</li>
 * </ul>
 */
@ApplicationScoped
public class InvoiceMetrics {

    private final Pool pool;
    private final Clock clock;
    private final SampledGauges invoices;
    private final AtomicLong closeLagSeconds = new AtomicLong();
    private final AtomicLong awaitingClose = new AtomicLong();

    InvoiceMetrics(Pool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        invoices = new SampledGauges(registry, "tally.invoice.invoices", "invoices by status", "status",
                List.of("DRAFT", "FINALIZED", "PAID", "VOID"));
        Gauge.builder("tally.invoice.period.close.lag.seconds", closeLagSeconds, AtomicLong::get)
                .description("age of the oldest period past its grace end and not closed").register(registry);
        Gauge.builder("tally.invoice.periods.awaiting.close", awaitingClose, AtomicLong::get)
                .description("periods past their grace end and not closed").register(registry);
    }

    @Scheduled(identity = "invoice-metrics", every = "${tally.invoice.metrics.interval:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sample() {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.query("SELECT status, count(*) AS n FROM invoice GROUP BY status").execute()
                .invoke(rows -> {
                    Map<String, Long> sample = new HashMap<>();
                    rows.forEach(row -> sample.put(row.getString("status"), row.getLong("n")));
                    invoices.set(sample);
                })
                .chain(() -> pool.preparedQuery("SELECT count(*) AS n, "
                                + "coalesce(floor(extract(epoch FROM $1 - min(grace_end_time))), 0)::bigint AS lag "
                                + "FROM billing_period WHERE close_time IS NULL AND grace_end_time <= $1")
                        .execute(Tuple.of(now)))
                .invoke(rows -> {
                    var row = rows.iterator().next();
                    awaitingClose.set(row.getLong("n"));
                    closeLagSeconds.set(row.getLong("lag"));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
