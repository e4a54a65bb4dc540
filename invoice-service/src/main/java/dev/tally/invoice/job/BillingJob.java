package dev.tally.invoice.job;

import dev.tally.invoice.app.PeriodCloser;
import dev.tally.invoice.app.PeriodGrants;
import dev.tally.invoice.app.Purchases;
import dev.tally.invoice.app.Renewals;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.store.Contexts;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The billing job, on every replica every {@code tally.invoice.billing.interval}: finds due work
 * with one query per kind and does each item in its own transactions, several at once:
 * <ol>
 * <li>boundaries: PENDING subscriptions whose start has come; ACTIVE ones whose period has ended
 * (renew or end: {@link Renewals});</li>
 * <li>period grants not made yet (the wallet was unreachable when the period opened);</li>
 * <li>periods past their grace end: close and invoice ({@link PeriodCloser});</li>
 * <li>purchases interrupted between their grant and their invoice.</li>
 * </ol>
 * Replicas find the same items; each item is guarded by a transaction-scoped advisory lock and by
 * what the database already records, so whichever replica comes first does it and the others skip
 * it. A failed item is logged and found again by the next run.
 */
@ApplicationScoped
public class BillingJob {

    private static final Logger LOG = Logger.getLogger(BillingJob.class);

    private static final String DUE_BOUNDARIES = """
            SELECT subscription_id FROM subscription
             WHERE (status = 'PENDING' AND start_time <= $1) OR (status = 'ACTIVE' AND current_period_end <= $1)
             ORDER BY coalesce(current_period_end, start_time) LIMIT $2""";
    private static final String PENDING_GRANTS = """
            SELECT period_id FROM billing_period WHERE NOT grant_done ORDER BY start_time LIMIT $1""";
    private static final String DUE_CLOSES = """
            SELECT period_id FROM billing_period WHERE close_time IS NULL AND grace_end_time <= $1
             ORDER BY grace_end_time LIMIT $2""";
    private static final String STALLED_PURCHASES = """
            SELECT customer_id, idempotency_key FROM purchase WHERE complete_time IS NULL AND create_time < $1
             ORDER BY create_time LIMIT $2""";

    /** What one run did. */
    public record Run(int boundaries, int grants, int closed, int waiting, int busy, int purchases, int failed) {
    }

    private final Pool pool;
    private final Renewals renewals;
    private final PeriodGrants grants;
    private final PeriodCloser closer;
    private final Purchases purchases;
    private final InvoiceConfig config;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;

    BillingJob(Pool pool, Renewals renewals, PeriodGrants grants, PeriodCloser closer, Purchases purchases,
               InvoiceConfig config, Clock clock, io.vertx.core.Vertx vertx) {
        this.pool = pool;
        this.renewals = renewals;
        this.grants = grants;
        this.closer = closer;
        this.purchases = purchases;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(every = "${tally.invoice.billing.interval:10s}", delayed = "${tally.invoice.billing.interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    Uni<Void> scheduled() {
        return runOnce().invoke(run -> {
            if (run.boundaries() + run.grants() + run.closed() + run.purchases() + run.failed() > 0) {
                LOG.infof("billing run: %s", run);
            }
        }).replaceWithVoid();
    }

    /** One run over every kind of due work. */
    public Uni<Run> runOnce() {
        int batch = config.billing().batchSize();
        Instant now = clock.instant();
        Counts counts = new Counts();
        return ids(DUE_BOUNDARIES, Tuple.of(now.atOffset(ZoneOffset.UTC), batch), row -> row.getString(0))
                .flatMap(due -> each(due, id -> renewals.advance(id).invoke(counts.boundaries::incrementAndGet),
                        counts, "boundary of subscription %s"))
                .chain(() -> ids(PENDING_GRANTS, Tuple.of(batch), row -> row.getString(0)))
                .flatMap(due -> each(due, id -> grants.grant(id).invoke(counts.grants::incrementAndGet),
                        counts, "grant of period %s"))
                .chain(() -> ids(DUE_CLOSES, Tuple.of(now.atOffset(ZoneOffset.UTC), batch), row -> row.getString(0)))
                .flatMap(due -> each(due, id -> closer.close(id).invoke(outcome -> (switch (outcome) {
                    case CLOSED -> counts.closed;
                    case WAITING -> counts.waiting;
                    case BUSY -> counts.busy;
                }).incrementAndGet()), counts, "close of period %s"))
                .chain(() -> ids(STALLED_PURCHASES, Tuple.of(now.minus(config.billing().purchaseRepairDelay())
                        .atOffset(ZoneOffset.UTC), batch), row -> row.getString(0) + "\n" + row.getString(1)))
                .flatMap(due -> each(due, id -> purchases.complete(id.substring(0, id.indexOf('\n')),
                        id.substring(id.indexOf('\n') + 1)).invoke(counts.purchases::incrementAndGet), counts, "purchase %s"))
                .map(ignored -> counts.run());
    }

    /** Counters of one run (items finish on several threads). */
    private static final class Counts {
        final AtomicInteger boundaries = new AtomicInteger();
        final AtomicInteger grants = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger purchases = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        Run run() {
            return new Run(boundaries.get(), grants.get(), closed.get(), waiting.get(), busy.get(), purchases.get(),
                    failed.get());
        }
    }

    private <T> Uni<List<T>> ids(String sql, Tuple params, Function<Row, T> column) {
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<T> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(column.apply(row)));
            return ids;
        });
    }

    /** Does {@code work} for every id, {@code concurrency} at a time, each on its own context; failures are counted and logged. */
    private Uni<Void> each(List<String> ids, Function<String, Uni<?>> work, Counts counts, String what) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUni(id -> Contexts.onNewContext(vertx, () -> work.apply(id))
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            counts.failed.incrementAndGet();
                            LOG.warnf("%s failed, retried next run: %s", String.format(what, id.replace('\n', '/')), e.toString());
                            return null;
                        }))
                .merge(config.billing().concurrency())
                .collect().last().replaceWithVoid();
    }

    /** Skips scheduled runs when {@code tally.invoice.billing.enabled=false} (tests run the job themselves). */
    @Singleton
    public static class Disabled implements Scheduled.SkipPredicate {

        @ConfigProperty(name = "tally.invoice.billing.enabled", defaultValue = "true")
        boolean enabled;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !enabled;
        }
    }
}
