package dev.tally.catalog.app;

import com.google.protobuf.Empty;
import dev.tally.catalog.client.SourceFormats;
import dev.tally.catalog.config.CatalogConfig;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncChange;
import dev.tally.catalog.domain.sync.SyncChangeFilter;
import dev.tally.catalog.domain.sync.SyncPlan;
import dev.tally.catalog.domain.sync.SyncPlanner;
import dev.tally.catalog.domain.sync.SyncRun;
import dev.tally.catalog.domain.sync.SyncRunSummary;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.catalog.domain.sync.SyncTrigger;
import dev.tally.catalog.store.CatalogLocks;
import dev.tally.catalog.store.CatalogStore;
import dev.tally.catalog.store.CatalogWriter;
import dev.tally.catalog.store.SyncChangeStore;
import dev.tally.catalog.store.SyncRunStore;
import dev.tally.pricing.Model;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
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
import java.util.function.Function;

/**
 * The sync RPCs (SyncNow, GetSyncStatus, and applying or discarding a held run) and the sync
 * history the metrics report.
 */
@ApplicationScoped
public class SyncAdmin {

    /** The identity of the daily sync's scheduled job ({@code job.ScheduledSync}). */
    public static final String SCHEDULED_JOB = "catalog-sync";

    private final Pool pool;
    private final SyncRunner runner;
    private final SyncRunStore runs;
    private final SyncChangeStore changes;
    private final IdempotencyStore records;
    private final CatalogStore catalog;
    private final CatalogWriter writer;
    private final PriceTable table;
    private final CatalogConfig config;
    private final Scheduler scheduler;
    private final Clock clock;

    public SyncAdmin(
            Pool pool,
            SyncRunner runner,
            SyncRunStore runs,
            SyncChangeStore changes,
            IdempotencyStore records,
            CatalogStore catalog,
            CatalogWriter writer,
            PriceTable table,
            CatalogConfig config,
            Scheduler scheduler,
            Clock clock) {
        this.pool = pool;
        this.runner = runner;
        this.runs = runs;
        this.changes = changes;
        this.records = records;
        this.catalog = catalog;
        this.writer = writer;
        this.table = table;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** A run's report, and whether the call was a replay of an earlier one with the same key. */
    public record Outcome(SyncRun run, boolean duplicate) {}

    /**
     * Starts a sync now; waits for its end unless {@code returnImmediately}. A replayed key gives
     * the run it started, as it is now; a key used for another request is ALREADY_EXISTS.
     */
    public Uni<Outcome> syncNow(SourceFormat format, boolean returnImmediately, RequestKey key) {
        SourceFormat source = format == null ? config.sync().format() : format;
        // The record is written with the RUNNING row (SyncRunner.begin); a concurrent first call
        // with the same key that stored it first makes ours fail there, and the retry replays it.
        return records.retryOnRace(() -> replayed(key)
                .onItem()
                .ifNull()
                .switchTo(() -> runner.start(new SyncRunner.Request(SyncTrigger.MANUAL, source, null, key))
                        .flatMap(started ->
                                returnImmediately ? Uni.createFrom().item(started.run()) : started.finished())
                        .map(run -> new Outcome(run, false))));
    }

    /** The run an earlier call with this key started, as it is now; null when the key is new. */
    private Uni<Outcome> replayed(RequestKey key) {
        return records.find(pool, key.slot()).flatMap(stored -> {
            if (stored == null) {
                return Uni.createFrom().nullItem();
            }
            if (!key.sameRequestAs(stored)) {
                throw TallyException.idempotencyKeyReused(key.key());
            }
            return outcome(new Reply<>(Empty.getDefaultInstance(), true, stored.resourceId()));
        });
    }

    /** The report of the run a call concerned, as it is now. */
    private Uni<Outcome> outcome(Reply<Empty> reply) {
        return runs.find(pool, RunRecords.runId(reply.resourceId())).map(run -> new Outcome(run, reply.duplicate()));
    }

    /**
     * What GetSyncStatus reports.
     *
     * @param pendingHeld  the run awaiting an admin decision, or null
     * @param nextSchedule when the daily sync fires next, or null when it is off
     */
    public record Status(SyncRun run, SyncRun pendingHeld, Instant nextSchedule) {}

    /** The run, or the latest one when {@code runId} is null; NOT_FOUND when there is none. */
    public Uni<Status> status(UUID runId) {
        return (runId == null ? runs.latest(pool) : runs.find(pool, runId))
                .map(run -> {
                    if (run == null) {
                        throw notFound(runId);
                    }
                    return run;
                })
                .flatMap(run -> runs.pendingHeld(pool).map(held -> new Status(run, held, nextSchedule())));
    }

    /**
     * One page of what a run changed (ListSyncChanges).
     *
     * @param changes         up to the fetch size, by model id
     * @param totalSize       every change matching the filter
     * @param previewOutdated the run is HELD and the catalog changed since its preview was computed
     */
    public record ChangeListing(SyncRun run, List<SyncChange> changes, int totalSize, boolean previewOutdated) {}

    /**
     * The changes of {@code runId} matching {@code filter} after the model id {@code after} (null:
     * the first page), read in one snapshot so the page, the total and the run's state agree even
     * while an admin applies the run. NOT_FOUND for an unknown run.
     */
    public Uni<ChangeListing> changes(UUID runId, SyncChangeFilter filter, String after, int fetchSize) {
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute()
                .chain(() -> runs.find(tx, runId))
                .map(run -> {
                    if (run == null) {
                        throw notFound(runId);
                    }
                    return run;
                })
                .flatMap(run -> changes.page(tx, runId, filter, after, fetchSize)
                        .flatMap(page -> changes.count(tx, runId, filter)
                                .flatMap(total -> (run.state() == SyncState.HELD
                                                ? runs.previewOutdated(tx, runId)
                                                : Uni.createFrom().item(false))
                                        .map(outdated -> new ChangeListing(run, page, total, outdated))))));
    }

    private Instant nextSchedule() {
        Trigger job = scheduler.getScheduledJob(SCHEDULED_JOB);
        return job == null ? null : job.getNextFireTime();
    }

    /** Runs recorded in each state, and when the newest successful (or applied) run finished. */
    public Uni<SyncRunSummary> summary() {
        return runs.countByState(pool)
                .flatMap(byState ->
                        runs.lastSuccessTime(pool).map(lastSuccess -> new SyncRunSummary(byState, lastSuccess)));
    }

    /**
     * Applies a HELD run: its fetched source is diffed against the catalog as it is now and
     * applied without the guard, under the sync lock; the run becomes APPLIED.
     */
    public Uni<Outcome> applyHeld(UUID runId, String note, RequestKey key) {
        return once(
                        key,
                        runId,
                        tx -> CatalogLocks.trySync(tx).flatMap(acquired -> {
                            if (!acquired) {
                                return runner.runningRun().<Void>map(running -> {
                                    throw SyncRunner.inProgress(running);
                                });
                            }
                            return heldRun(tx, runId).flatMap(run -> apply(tx, run, note));
                        }))
                .call(reply -> reply.duplicate() ? Uni.createFrom().voidItem() : table.refreshAfterWrite())
                .flatMap(this::outcome);
    }

    private Uni<Void> apply(SqlConnection tx, SyncRun run, String note) {
        return runs.payload(tx, run.id())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(body -> SourceFormats.parse(run.format(), body))
                .call(() -> CatalogLocks.catalogWrite(tx))
                .flatMap(parsed -> catalog.all(tx).map(models -> plan(models, parsed, run)))
                .flatMap(plan -> {
                    Instant now = clock.instant();
                    return writer.apply(tx, plan.updates(), run.id(), now)
                            .call(written -> changes.replace(tx, run.id(), SyncChanges.applied(plan, written)))
                            .chain(() -> runs.update(tx, run.resolved(SyncState.APPLIED, plan, note, now)))
                            .chain(() -> runs.deletePayload(tx, run.id()));
                });
    }

    private SyncPlan plan(List<Model> models, ParsedSource parsed, SyncRun run) {
        return SyncPlanner.plan(models, parsed, run.id(), clock.instant());
    }

    /** Discards a HELD run: nothing is applied; the run becomes DISCARDED. */
    public Uni<Outcome> discardHeld(UUID runId, String note, RequestKey key) {
        return once(
                        key,
                        runId,
                        tx -> heldRun(tx, runId)
                                .flatMap(run -> runs.update(
                                                tx, run.resolved(SyncState.DISCARDED, null, note, clock.instant()))
                                        .chain(() -> runs.deletePayload(tx, run.id()))))
                .flatMap(this::outcome);
    }

    /**
     * An admin decision on {@code runId}, once per key: the change and its record in one
     * transaction, or the replay of the first call (ALREADY_EXISTS for a reused key).
     */
    private Uni<Reply<Empty>> once(RequestKey key, UUID runId, Function<SqlConnection, Uni<?>> change) {
        return records.retryOnRace(() -> pool.withTransaction(tx -> records.onceWithResource(
                tx,
                key,
                RunRecords.REPLIES,
                clock.instant(),
                () -> change.apply(tx).replaceWith(RunRecords.concerning(runId)))));
    }

    /** The run locked for update; NOT_FOUND, or FAILED_PRECONDITION (INVALID_STATE) unless HELD. */
    private Uni<SyncRun> heldRun(SqlConnection tx, UUID runId) {
        return runs.findForUpdate(tx, runId).map(run -> {
            if (run == null) {
                throw notFound(runId);
            }
            if (run.state() != SyncState.HELD) {
                throw new TallyException(
                        Reason.INVALID_STATE,
                        "sync run " + runId + " is " + run.state() + ", not HELD",
                        Map.of("state", run.state().name()),
                        List.of());
            }
            return run;
        });
    }

    private static TallyException notFound(UUID runId) {
        return runId == null
                ? new TallyException(Reason.RESOURCE_NOT_FOUND, "no catalog sync has run yet", Map.of())
                : new TallyException(
                        Reason.RESOURCE_NOT_FOUND, "no sync run " + runId, Map.of("sync_run_id", runId.toString()));
    }
}
