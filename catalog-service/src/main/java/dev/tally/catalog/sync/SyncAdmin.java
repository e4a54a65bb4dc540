package dev.tally.catalog.sync;

import dev.tally.catalog.cache.PriceTable;
import dev.tally.catalog.config.CatalogConfig;
import dev.tally.pricing.Model;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncPlan;
import dev.tally.catalog.domain.sync.SyncPlanner;
import dev.tally.catalog.domain.sync.SyncRun;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.catalog.domain.sync.SyncTrigger;
import dev.tally.catalog.idempotency.IdempotencyKey;
import dev.tally.catalog.store.CatalogLocks;
import dev.tally.catalog.store.CatalogStore;
import dev.tally.catalog.store.CatalogWriter;
import dev.tally.catalog.store.IdempotencyStore;
import dev.tally.catalog.store.SyncRunStore;
import dev.tally.support.error.TallyException;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The sync RPCs: SyncNow, GetSyncStatus, and applying or discarding a held run. */
@ApplicationScoped
public class SyncAdmin {

    private final Pool pool;
    private final SyncRunner runner;
    private final SyncRunStore runs;
    private final IdempotencyStore keys;
    private final CatalogStore catalog;
    private final CatalogWriter writer;
    private final PriceTable table;
    private final CatalogConfig config;
    private final Clock clock;

    public SyncAdmin(Pool pool, SyncRunner runner, SyncRunStore runs, IdempotencyStore keys, CatalogStore catalog,
                     CatalogWriter writer, PriceTable table, CatalogConfig config, Clock clock) {
        this.pool = pool;
        this.runner = runner;
        this.runs = runs;
        this.keys = keys;
        this.catalog = catalog;
        this.writer = writer;
        this.table = table;
        this.config = config;
        this.clock = clock;
    }

    /** A run's report, and whether the call was a replay of an earlier one with the same key. */
    public record Outcome(SyncRun run, boolean duplicate) {
    }

    /**
     * Starts a sync now; waits for its end unless {@code returnImmediately}. A replayed key gives
     * the run it started, as it is now.
     */
    public Uni<Outcome> syncNow(SourceFormat format, boolean returnImmediately, IdempotencyKey key) {
        SourceFormat source = format == null ? config.sync().format() : format;
        return keys.replayOf(pool, key).flatMap(stored -> {
            if (stored != null) {
                return runs.find(pool, stored.syncRunId()).map(run -> new Outcome(run, true));
            }
            return runner.start(new SyncRunner.Request(SyncTrigger.MANUAL, source, null, key))
                    .flatMap(started -> returnImmediately ? Uni.createFrom().item(started.run()) : started.finished())
                    .map(run -> new Outcome(run, false));
        });
    }

    /** The run, or the latest one when {@code runId} is null; NOT_FOUND when there is none. */
    public Uni<SyncRun> status(UUID runId) {
        return (runId == null ? runs.latest(pool) : runs.find(pool, runId)).map(run -> {
            if (run == null) {
                throw notFound(runId);
            }
            return run;
        });
    }

    /** The run awaiting an admin decision, or null. */
    public Uni<SyncRun> pendingHeld() {
        return runs.pendingHeld(pool);
    }

    /**
     * Applies a HELD run: its fetched source is diffed against the catalog as it is now and
     * applied without the guard, under the sync lock; the run becomes APPLIED.
     */
    public Uni<Outcome> applyHeld(UUID runId, String note, IdempotencyKey key) {
        return pool.withTransaction(tx -> keys.replayOf(tx, key).flatMap(stored -> stored != null
                        ? runs.find(tx, stored.syncRunId()).map(run -> new Outcome(run, true))
                        : CatalogLocks.trySync(tx).flatMap(acquired -> {
                            if (!acquired) {
                                return runner.runningRun().map(running -> {
                                    throw SyncRunner.inProgress(running);
                                });
                            }
                            return heldRun(tx, runId).flatMap(run -> apply(tx, run, note, key));
                        })))
                .call(outcome -> outcome.duplicate() ? Uni.createFrom().voidItem() : table.refreshAfterWrite());
    }

    private Uni<Outcome> apply(SqlConnection tx, SyncRun run, String note, IdempotencyKey key) {
        return runs.payload(tx, run.id())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(body -> SourceFormats.parse(run.format(), body))
                .call(() -> CatalogLocks.catalogWrite(tx))
                .flatMap(parsed -> catalog.all(tx).map(models -> plan(models, parsed, run)))
                .flatMap(plan -> {
                    Instant now = clock.instant();
                    SyncRun applied = run.resolved(SyncState.APPLIED, plan, note, now);
                    return writer.apply(tx, plan.updates(), run.id(), now)
                            .chain(() -> runs.update(tx, applied))
                            .chain(() -> runs.deletePayload(tx, run.id()))
                            .chain(() -> keys.insert(tx, key, null, run.id(), now))
                            .replaceWith(new Outcome(applied, false));
                });
    }

    private SyncPlan plan(List<Model> models, ParsedSource parsed, SyncRun run) {
        return SyncPlanner.plan(models, parsed, run.id(), clock.instant());
    }

    /** Discards a HELD run: nothing is applied; the run becomes DISCARDED. */
    public Uni<Outcome> discardHeld(UUID runId, String note, IdempotencyKey key) {
        return pool.withTransaction(tx -> keys.replayOf(tx, key).flatMap(stored -> stored != null
                ? runs.find(tx, stored.syncRunId()).map(run -> new Outcome(run, true))
                : heldRun(tx, runId).flatMap(run -> {
                    Instant now = clock.instant();
                    SyncRun discarded = run.resolved(SyncState.DISCARDED, null, note, now);
                    return runs.update(tx, discarded)
                            .chain(() -> runs.deletePayload(tx, run.id()))
                            .chain(() -> keys.insert(tx, key, null, run.id(), now))
                            .replaceWith(new Outcome(discarded, false));
                })));
    }

    /** The run locked for update; NOT_FOUND, or FAILED_PRECONDITION (INVALID_STATE) unless HELD. */
    private Uni<SyncRun> heldRun(SqlConnection tx, UUID runId) {
        return runs.findForUpdate(tx, runId).map(run -> {
            if (run == null) {
                throw notFound(runId);
            }
            if (run.state() != SyncState.HELD) {
                throw new TallyException(Status.Code.FAILED_PRECONDITION, "INVALID_STATE",
                        "sync run " + runId + " is " + run.state() + ", not HELD", Map.of("state", run.state().name()),
                        List.of());
            }
            return run;
        });
    }

    private static TallyException notFound(UUID runId) {
        return runId == null
                ? TallyException.notFound("RESOURCE_NOT_FOUND", "no catalog sync has run yet", Map.of())
                : TallyException.notFound("RESOURCE_NOT_FOUND", "no sync run " + runId, Map.of("sync_run_id", runId.toString()));
    }
}
