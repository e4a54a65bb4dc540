package dev.tally.catalog.app;

import dev.tally.catalog.client.SourceException;
import dev.tally.catalog.client.SourceFetcher;
import dev.tally.catalog.client.SourceFormats;
import dev.tally.catalog.config.CatalogConfig;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncGuard;
import dev.tally.catalog.domain.sync.SyncPlan;
import dev.tally.catalog.domain.sync.SyncPlanner;
import dev.tally.catalog.domain.sync.SyncRun;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.catalog.domain.sync.SyncTrigger;
import dev.tally.catalog.store.CatalogLocks;
import dev.tally.catalog.store.CatalogStore;
import dev.tally.catalog.store.CatalogWriter;
import dev.tally.catalog.store.SyncChangeStore;
import dev.tally.catalog.store.SyncRunStore;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.RequestKey;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Runs a catalog sync, once across all replicas. The run holds the sync advisory lock in one
 * transaction from start to finish (a replica that dies releases it with its connection); its
 * RUNNING row is committed right away on a second connection, so every replica can see and
 * report it. Then the source is fetched and parsed (off the event loop), diffed against the
 * catalog under the catalog write lock, and either applied or held by the guard, atomically with
 * the run's final state. A source that cannot be read fails the run and changes nothing.
 */
@ApplicationScoped
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);

    private final Pool pool;
    private final CatalogStore catalog;
    private final CatalogWriter writer;
    private final SyncRunStore runs;
    private final SyncChangeStore changes;
    private final IdempotencyStore records;
    private final SourceFetcher fetcher;
    private final PriceTable table;
    private final CatalogConfig config;
    private final Clock clock;

    public SyncRunner(
            Pool pool,
            CatalogStore catalog,
            CatalogWriter writer,
            SyncRunStore runs,
            SyncChangeStore changes,
            IdempotencyStore records,
            SourceFetcher fetcher,
            PriceTable table,
            CatalogConfig config,
            Clock clock) {
        this.pool = pool;
        this.catalog = catalog;
        this.writer = writer;
        this.runs = runs;
        this.changes = changes;
        this.records = records;
        this.fetcher = fetcher;
        this.table = table;
        this.config = config;
        this.clock = clock;
    }

    /**
     * What to run. {@code scheduleSlot}: the cron fire time of a scheduled run (each slot runs
     * once); {@code key}: the idempotency key of a SyncNow call, recorded with the run in the
     * transaction that records it RUNNING (a concurrent call that stored the same key first makes
     * it fail with a unique violation on the record table, {@link IdempotencyStore#isRace}).
     */
    public record Request(SyncTrigger trigger, SourceFormat format, Instant scheduleSlot, RequestKey key) {}

    /**
     * A run that started: as first recorded (RUNNING), and its final report once it ends. A null
     * run means there was nothing to do (the scheduled slot ran elsewhere, or there is nothing to
     * seed).
     */
    public record Started(SyncRun run, Uni<SyncRun> finished) {}

    /**
     * Starts a run; completes once it is RUNNING (or skipped), while the run goes on in the
     * background. FAILED_PRECONDITION (SYNC_IN_PROGRESS, metadata sync_run_id) when a run is under way.
     */
    public Uni<Started> start(Request request) {
        CompletableFuture<SyncRun> started = new CompletableFuture<>();
        CompletableFuture<SyncRun> finished = new CompletableFuture<>();
        SyncRun run = SyncRun.started(
                UUID.randomUUID(), request.trigger(), request.format(), location(request), clock.instant());
        pool.withTransaction(lock -> CatalogLocks.trySync(lock).flatMap(acquired -> {
                    if (!acquired) {
                        return runningRun().map(running -> {
                            throw inProgress(running);
                        });
                    }
                    return begin(request, run).flatMap(begun -> {
                        started.complete(begun);
                        return begun == null ? Uni.createFrom().<SyncRun>nullItem() : execute(lock, begun);
                    });
                }))
                .call(done -> done == null ? Uni.createFrom().voidItem() : table.refreshAfterWrite())
                .subscribe()
                .with(finished::complete, failure -> {
                    if (started.completeExceptionally(failure)) {
                        finished.completeExceptionally(failure);
                    } else {
                        LOG.errorf(failure, "sync run %s failed", run.id());
                        recordFailure(run, failure)
                                .subscribe()
                                .with(finished::complete, finished::completeExceptionally);
                    }
                });
        return Uni.createFrom()
                .completionStage(started)
                .map(begun -> new Started(begun, Uni.createFrom().completionStage(finished)));
    }

    private String location(Request request) {
        return request.trigger() == SyncTrigger.SEED
                ? SourceFetcher.BUNDLED
                : config.sync().url(request.format());
    }

    /**
     * Records the run as RUNNING on its own connection, committed at once (the caller holds the
     * sync lock, so a RUNNING row left by a dead replica can safely be failed first). Null when
     * there is nothing to run.
     */
    private Uni<SyncRun> begin(Request request, SyncRun run) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> runs.failAbandoned(tx, now)
                .chain(() -> request.trigger() == SyncTrigger.SEED
                        ? catalog.isEmpty(tx)
                        : Uni.createFrom().item(true))
                .flatMap(needed -> needed
                        ? runs.insertRunning(tx, run, request.scheduleSlot())
                        : Uni.createFrom().item(false))
                .flatMap(inserted -> !inserted
                        ? Uni.createFrom().<SyncRun>nullItem()
                        : request.key() == null
                                ? Uni.createFrom().item(run)
                                : records.insert(tx, RunRecords.record(request.key(), run.id()), now)
                                        .replaceWith(run)));
    }

    private Uni<SyncRun> execute(SqlConnection lock, SyncRun run) {
        return fetcher.fetch(
                        run.sourceLocation(),
                        config.sync().timeout(),
                        config.sync().maxSourceBytes())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(body -> new Fetched(body, SourceFormats.parse(run.format(), body)))
                .onItemOrFailure()
                .transformToUni((fetched, failure) -> {
                    if (failure instanceof SourceException unusable) {
                        SyncRun failed = run.failed(unusable.getMessage(), clock.instant());
                        LOG.warnf("sync run %s failed, catalog unchanged: %s", run.id(), unusable.getMessage());
                        return runs.update(lock, failed).replaceWith(failed);
                    }
                    if (failure != null) {
                        return Uni.createFrom().failure(failure);
                    }
                    return applyOrHold(lock, run, fetched);
                });
    }

    private Uni<SyncRun> applyOrHold(SqlConnection lock, SyncRun run, Fetched fetched) {
        return CatalogLocks.catalogWrite(lock)
                .chain(() -> catalog.all(lock))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(models -> {
                    Instant now = clock.instant();
                    SyncPlan plan = SyncPlanner.plan(models, fetched.parsed(), run.id(), now);
                    Optional<String> hold = run.trigger() == SyncTrigger.SEED
                            ? Optional.empty()
                            : SyncGuard.holdReason(plan, config.sync().guard().limits());
                    if (hold.isPresent()) {
                        SyncRun held = run.finished(SyncState.HELD, plan, hold.get(), now);
                        LOG.warnf("sync run %s held: %s", run.id(), hold.get());
                        return runs.savePayload(lock, run.id(), fetched.body())
                                .chain(() -> runs.discardOtherHeld(lock, run.id(), now))
                                .chain(() -> runs.update(lock, held))
                                .chain(() -> changes.insert(lock, run.id(), SyncChanges.preview(plan)))
                                .chain(() -> runs.markPreviewRevision(lock, run.id()))
                                .replaceWith(held);
                    }
                    SyncRun succeeded = run.finished(SyncState.SUCCEEDED, plan, null, now);
                    return writer.apply(lock, plan.updates(), run.id(), now)
                            .call(written -> changes.insert(lock, run.id(), SyncChanges.applied(plan, written)))
                            .chain(() -> runs.discardOtherHeld(lock, run.id(), now))
                            .chain(() -> runs.update(lock, succeeded))
                            .invoke(() -> LOG.infof("sync run %s applied: %s", run.id(), plan.counts()))
                            .replaceWith(succeeded);
                });
    }

    /** After a failure that rolled the run back (e.g. the database went away): record it FAILED. */
    private Uni<SyncRun> recordFailure(SyncRun run, Throwable failure) {
        SyncRun failed = run.failed(
                "internal error while applying the sync, catalog unchanged (see the server log)", clock.instant());
        return runs.update(pool, failed).replaceWith(failed);
    }

    /**
     * The run holding the sync lock. It records itself RUNNING a moment after taking the lock, so
     * this looks again a few times before giving up (null).
     */
    Uni<SyncRun> runningRun() {
        return runs.running(pool)
                .onItem()
                .ifNull()
                .failWith(NotRecordedYet::new)
                .onFailure(NotRecordedYet.class)
                .retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(100))
                .atMost(20)
                .onFailure(NotRecordedYet.class)
                .recoverWithNull();
    }

    private static final class NotRecordedYet extends RuntimeException {
        NotRecordedYet() {
            super(null, null, false, false);
        }
    }

    static TallyException inProgress(SyncRun running) {
        String id = running == null ? "" : running.id().toString();
        return new TallyException(
                Reason.SYNC_IN_PROGRESS,
                "a catalog sync is already running" + (id.isEmpty() ? "" : " (run " + id + ")"),
                id.isEmpty() ? Map.of() : Map.of("sync_run_id", id),
                List.of());
    }

    private record Fetched(byte[] body, ParsedSource parsed) {}
}
