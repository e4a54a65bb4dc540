package dev.tally.catalog.store;

import dev.tally.catalog.domain.sync.SkipReason;
import dev.tally.catalog.domain.sync.SkippedEntries;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SyncCounts;
import dev.tally.catalog.domain.sync.SyncRun;
import dev.tally.catalog.domain.sync.SyncState;
import dev.tally.catalog.domain.sync.SyncTrigger;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sync runs, their reports, and the source documents of held runs. */
@ApplicationScoped
public class SyncRunStore {

    private static final String COLUMNS = "id, state, trigger, source_format, source_location, source_entries, "
            + "models_added, models_changed, models_deactivated, models_reactivated, models_unchanged, entries_skipped, "
            + "skipped, hold_reason, error_message, started_at, finished_at, resolved_at, resolution_note";

    /**
     * Fails RUNNING runs left by a replica that stopped mid-run. Only safe while holding the sync
     * lock: then no run is really running anywhere.
     */
    public Uni<Void> failAbandoned(SqlConnection tx, Instant now) {
        return tx.preparedQuery(
                        "UPDATE sync_run SET state = 'FAILED', finished_at = $1, "
                                + "error_message = 'abandoned: the replica running it stopped before it finished' WHERE state = 'RUNNING'")
                .execute(Tuple.of(Sql.ts(now)))
                .replaceWithVoid();
    }

    /**
     * Records a run as RUNNING. A scheduled run passes its cron slot: false when that slot already
     * ran (on another replica), and then nothing is written.
     */
    public Uni<Boolean> insertRunning(SqlConnection tx, SyncRun run, Instant scheduleSlot) {
        return tx.preparedQuery("INSERT INTO sync_run (id, state, trigger, source_format, source_location, "
                        + "schedule_slot, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                        + "ON CONFLICT (schedule_slot) DO NOTHING RETURNING id")
                .execute(Tuple.tuple()
                        .addUUID(run.id())
                        .addString(run.state().name())
                        .addString(run.trigger().name())
                        .addString(run.format().name())
                        .addString(run.sourceLocation())
                        .addOffsetDateTime(Sql.ts(scheduleSlot))
                        .addOffsetDateTime(Sql.ts(run.startTime())))
                .map(rows -> rows.size() == 1);
    }

    /** Stores a run's new state and report. */
    public Uni<Void> update(SqlClient client, SyncRun run) {
        SyncCounts c = run.counts();
        return client.preparedQuery("UPDATE sync_run SET state = $2, source_entries = $3, models_added = $4, "
                        + "models_changed = $5, models_deactivated = $6, models_reactivated = $7, models_unchanged = $8, "
                        + "entries_skipped = $9, skipped = $10, hold_reason = $11, error_message = $12, finished_at = $13, "
                        + "resolved_at = $14, resolution_note = $15 WHERE id = $1")
                .execute(Tuple.tuple()
                        .addUUID(run.id())
                        .addString(run.state().name())
                        .addInteger(c.sourceEntries())
                        .addInteger(c.added())
                        .addInteger(c.changed())
                        .addInteger(c.deactivated())
                        .addInteger(c.reactivated())
                        .addInteger(c.unchanged())
                        .addInteger(c.skipped())
                        .addValue(skippedJson(run.skipped()))
                        .addString(run.holdReason())
                        .addString(run.errorMessage())
                        .addOffsetDateTime(Sql.ts(run.finishTime()))
                        .addOffsetDateTime(Sql.ts(run.resolveTime()))
                        .addString(run.resolutionNote()))
                .replaceWithVoid();
    }

    /** Marks every other HELD run DISCARDED: a newer held or applied run supersedes them. */
    public Uni<Void> discardOtherHeld(SqlConnection tx, UUID keep, Instant now) {
        return tx.preparedQuery("UPDATE sync_run SET state = 'DISCARDED', resolved_at = $2, resolution_note = $3 "
                        + "WHERE state = 'HELD' AND id <> $1")
                .execute(Tuple.of(keep, Sql.ts(now), "superseded by run " + keep))
                .call(() -> tx.preparedQuery("DELETE FROM sync_payload p USING sync_run r "
                                + "WHERE r.id = p.sync_run_id AND r.state = 'DISCARDED'")
                        .execute())
                .replaceWithVoid();
    }

    public Uni<SyncRun> find(SqlClient client, UUID id) {
        return one(client, "SELECT " + COLUMNS + " FROM sync_run WHERE id = $1", Tuple.of(id));
    }

    /** The row of a run locked for update (admin calls change held runs one at a time). */
    public Uni<SyncRun> findForUpdate(SqlConnection tx, UUID id) {
        return one(tx, "SELECT " + COLUMNS + " FROM sync_run WHERE id = $1 FOR UPDATE", Tuple.of(id));
    }

    public Uni<SyncRun> latest(SqlClient client) {
        return one(client, "SELECT " + COLUMNS + " FROM sync_run ORDER BY started_at DESC, id LIMIT 1", Tuple.tuple());
    }

    public Uni<SyncRun> running(SqlClient client) {
        return one(client, "SELECT " + COLUMNS + " FROM sync_run WHERE state = 'RUNNING'", Tuple.tuple());
    }

    public Uni<SyncRun> pendingHeld(SqlClient client) {
        return one(
                client,
                "SELECT " + COLUMNS + " FROM sync_run WHERE state = 'HELD' ORDER BY started_at DESC LIMIT 1",
                Tuple.tuple());
    }

    /** How many runs are recorded in each state. */
    public Uni<Map<SyncState, Long>> countByState(SqlClient client) {
        return client.query("SELECT state, count(*) AS runs FROM sync_run GROUP BY state")
                .execute()
                .map(rows -> {
                    Map<SyncState, Long> counts = new EnumMap<>(SyncState.class);
                    rows.forEach(row -> counts.put(SyncState.valueOf(row.getString("state")), row.getLong("runs")));
                    return counts;
                });
    }

    /** When the newest SUCCEEDED or APPLIED run finished (or was applied); null before the first. */
    public Uni<Instant> lastSuccessTime(SqlClient client) {
        return client.query("SELECT max(coalesce(resolved_at, finished_at)) AS at FROM sync_run "
                        + "WHERE state IN ('SUCCEEDED', 'APPLIED')")
                .execute()
                .map(rows -> Sql.instant(rows.iterator().next(), "at"));
    }

    /** Records that a held run's preview was computed against the catalog as it is now (its latest revision). */
    public Uni<Void> markPreviewRevision(SqlConnection tx, UUID runId) {
        return tx.preparedQuery("UPDATE sync_run SET preview_revision = "
                        + "(SELECT coalesce(max(revision), 0) FROM catalog_revision) WHERE id = $1")
                .execute(Tuple.of(runId))
                .replaceWithVoid();
    }

    /** Whether the catalog changed since the run's preview was computed (false when it has none). */
    public Uni<Boolean> previewOutdated(SqlClient client, UUID runId) {
        return client.preparedQuery("SELECT coalesce((SELECT max(revision) FROM catalog_revision), 0) "
                        + "> preview_revision AS outdated FROM sync_run WHERE id = $1")
                .execute(Tuple.of(runId))
                .map(rows -> rows.size() == 1
                        && Boolean.TRUE.equals(rows.iterator().next().getBoolean("outdated")));
    }

    public Uni<Void> savePayload(SqlConnection tx, UUID runId, byte[] body) {
        return tx.preparedQuery("INSERT INTO sync_payload (sync_run_id, body) VALUES ($1, $2)")
                .execute(Tuple.of(runId, Buffer.buffer(body)))
                .replaceWithVoid();
    }

    /** The source document a held run fetched, or null. */
    public Uni<byte[]> payload(SqlClient client, UUID runId) {
        return client.preparedQuery("SELECT body FROM sync_payload WHERE sync_run_id = $1")
                .execute(Tuple.of(runId))
                .map(rows -> rows.size() == 0
                        ? null
                        : rows.iterator().next().getBuffer("body").getBytes());
    }

    public Uni<Void> deletePayload(SqlConnection tx, UUID runId) {
        return tx.preparedQuery("DELETE FROM sync_payload WHERE sync_run_id = $1")
                .execute(Tuple.of(runId))
                .replaceWithVoid();
    }

    private static Uni<SyncRun> one(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql)
                .execute(args)
                .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
    }

    private static SyncRun run(Row r) {
        SyncCounts counts = new SyncCounts(
                r.getInteger("source_entries"),
                r.getInteger("models_added"),
                r.getInteger("models_changed"),
                r.getInteger("models_deactivated"),
                r.getInteger("models_reactivated"),
                r.getInteger("models_unchanged"),
                r.getInteger("entries_skipped"));
        return new SyncRun(
                r.getUUID("id"),
                SyncState.valueOf(r.getString("state")),
                SyncTrigger.valueOf(r.getString("trigger")),
                SourceFormat.valueOf(r.getString("source_format")),
                r.getString("source_location"),
                counts,
                skipped(r.getJsonArray("skipped")),
                r.getString("hold_reason"),
                r.getString("error_message"),
                Sql.instant(r, "started_at"),
                Sql.instant(r, "finished_at"),
                Sql.instant(r, "resolved_at"),
                r.getString("resolution_note"));
    }

    private static JsonArray skippedJson(List<SkippedEntries> skipped) {
        JsonArray array = new JsonArray();
        skipped.forEach(s -> array.add(new JsonObject()
                .put("reason", s.reason().name())
                .put("count", s.count())
                .put("examples", new JsonArray(new ArrayList<>(s.exampleKeys())))));
        return array;
    }

    private static List<SkippedEntries> skipped(JsonArray array) {
        List<SkippedEntries> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getJsonObject(i);
            List<String> examples = new ArrayList<>();
            o.getJsonArray("examples").forEach(e -> examples.add((String) e));
            list.add(new SkippedEntries(SkipReason.valueOf(o.getString("reason")), o.getInteger("count"), examples));
        }
        return list;
    }
}
