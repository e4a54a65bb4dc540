package dev.tally.invoice.app;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.store.DueWork;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One run of the billing job: finds due work with one query per kind and does each item in its own
 * transactions, several at once:
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
public class BillingRuns {

    private static final Logger LOG = Logger.getLogger(BillingRuns.class);

    /** What one run did. */
    public record Run(int boundaries, int grants, int closed, int waiting, int busy, int purchases, int failed) {

        /** Something was done or failed (worth a log line). */
        public boolean didAnything() {
            return boundaries + grants + closed + purchases + failed > 0;
        }
    }

    private final DueWork due;
    private final Renewals renewals;
    private final PeriodGrants grants;
    private final PeriodCloser closer;
    private final Purchases purchases;
    private final InvoiceConfig config;
    private final Clock clock;
    private final Vertx vertx;

    BillingRuns(
            DueWork due,
            Renewals renewals,
            PeriodGrants grants,
            PeriodCloser closer,
            Purchases purchases,
            InvoiceConfig config,
            Clock clock,
            Vertx vertx) {
        this.due = due;
        this.renewals = renewals;
        this.grants = grants;
        this.closer = closer;
        this.purchases = purchases;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    /** One run over every kind of due work. */
    public Uni<Run> runOnce() {
        int batch = config.billing().batchSize();
        Instant now = clock.instant();
        Counts counts = new Counts();
        return due.boundaries(now, batch)
                .flatMap(ids -> each(
                        ids,
                        id -> renewals.advance(id).invoke(counts.boundaries::incrementAndGet),
                        counts,
                        id -> "boundary of subscription " + id))
                .chain(() -> due.pendingGrants(batch))
                .flatMap(ids -> each(
                        ids,
                        id -> grants.grant(id).invoke(counts.grants::incrementAndGet),
                        counts,
                        id -> "grant of period " + id))
                .chain(() -> due.closes(now, batch))
                .flatMap(ids -> each(
                        ids,
                                id -> closer.close(id)
                                        .invoke(outcome -> (switch (outcome) {
                                                    case CLOSED -> counts.closed;
                                                    case WAITING -> counts.waiting;
                                                    case BUSY -> counts.busy;
                                                })
                                                .incrementAndGet()),
                        counts, id -> "close of period " + id))
                .chain(() -> due.stalledPurchases(now.minus(config.billing().purchaseRepairDelay()), batch))
                .flatMap(keys -> each(
                        keys,
                        key -> purchases
                                .complete(key.customerId(), key.idempotencyKey())
                                .invoke(counts.purchases::incrementAndGet),
                        counts,
                        key -> "purchase " + key.customerId() + "/" + key.idempotencyKey()))
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
            return new Run(
                    boundaries.get(),
                    grants.get(),
                    closed.get(),
                    waiting.get(),
                    busy.get(),
                    purchases.get(),
                    failed.get());
        }
    }

    /** Does {@code work} for every item, {@code concurrency} at a time, each on its own context; failures are counted and logged. */
    private <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> work, Counts counts, Function<T, String> what) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUni(item -> Contexts.onNewContext(vertx, () -> work.apply(item))
                        .replaceWithVoid()
                        .onFailure()
                        .recoverWithItem(e -> {
                            counts.failed.incrementAndGet();
                            LOG.warnf("%s failed, retried next run: %s", what.apply(item), e.toString());
                            return null;
                        }))
                .merge(config.billing().concurrency())
                .collect()
                .last()
                .replaceWithVoid();
    }
}
