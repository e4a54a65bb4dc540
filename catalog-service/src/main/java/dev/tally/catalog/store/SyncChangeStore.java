package dev.tally.catalog.store;

import dev.tally.catalog.domain.sync.RateChange;
import dev.tally.catalog.domain.sync.SyncChange;
import dev.tally.catalog.domain.sync.SyncChangeFilter;
import dev.tally.catalog.domain.sync.SyncChangeKind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What each sync run changed, one row per model ({@code sync_change}), paged by model id. Rows are
 * written in the transaction that ends the run, so a run's listing always matches its report.
 */
@ApplicationScoped
public class SyncChangeStore {

    private static final String COLUMNS =
            "model_id, kind, reactivated, old_price_version_id, new_price_version_id, effective_time, rate_changes";
    private static final String FILTER =
            "sync_run_id = $1 AND (cardinality($2::text[]) = 0 OR kind = ANY($2)) " + "AND starts_with(model_id, $3)";

    /** Stores the changes of a run (one batched statement). */
    public Uni<Void> insert(SqlConnection tx, UUID runId, List<SyncChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(changes.size());
        for (SyncChange c : changes) {
            rows.add(Tuple.tuple()
                    .addUUID(runId)
                    .addString(c.modelId())
                    .addString(c.kind().name())
                    .addBoolean(c.reactivated())
                    .addUUID(c.oldPriceVersionId())
                    .addUUID(c.newPriceVersionId())
                    .addOffsetDateTime(Sql.ts(c.effectiveTime()))
                    .addValue(json(c.rateChanges())));
        }
        return tx.preparedQuery("INSERT INTO sync_change (sync_run_id, " + COLUMNS
                        + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** Replaces a held run's preview by what was applied. */
    public Uni<Void> replace(SqlConnection tx, UUID runId, List<SyncChange> changes) {
        return tx.preparedQuery("DELETE FROM sync_change WHERE sync_run_id = $1")
                .execute(Tuple.of(runId))
                .chain(() -> insert(tx, runId, changes));
    }

    /** Up to {@code limit} changes of the run matching {@code filter}, by model id, after {@code after} (null: from the first). */
    public Uni<List<SyncChange>> page(SqlClient client, UUID runId, SyncChangeFilter filter, String after, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM sync_change WHERE " + FILTER
                        + " AND ($4::text IS NULL OR model_id > $4) ORDER BY model_id LIMIT $5")
                .execute(filterArgs(runId, filter).addString(after).addInteger(limit))
                .map(rows -> {
                    List<SyncChange> changes = new ArrayList<>(rows.size());
                    rows.forEach(row -> changes.add(change(row)));
                    return changes;
                });
    }

    /** How many changes of the run match {@code filter}. */
    public Uni<Integer> count(SqlClient client, UUID runId, SyncChangeFilter filter) {
        return client.preparedQuery("SELECT count(*) AS changes FROM sync_change WHERE " + FILTER)
                .execute(filterArgs(runId, filter))
                .map(rows -> rows.iterator().next().getLong("changes").intValue());
    }

    private static Tuple filterArgs(UUID runId, SyncChangeFilter filter) {
        return Tuple.tuple()
                .addUUID(runId)
                .addArrayOfString(
                        filter.kinds().stream().map(Enum::name).sorted().toArray(String[]::new))
                .addString(filter.modelIdPrefix());
    }

    private static SyncChange change(Row r) {
        return new SyncChange(
                r.getString("model_id"),
                SyncChangeKind.valueOf(r.getString("kind")),
                r.getBoolean("reactivated"),
                r.getUUID("old_price_version_id"),
                r.getUUID("new_price_version_id"),
                rateChanges(r.getJsonArray("rate_changes")),
                Sql.instant(r, "effective_time"));
    }

    private static JsonArray json(List<RateChange> changes) {
        JsonArray array = new JsonArray();
        for (RateChange c : changes) {
            array.add(new JsonObject()
                    .put("rate", c.rate())
                    .put("tier", c.thresholdTokens())
                    .put("old", text(c.oldValue()))
                    .put("new", text(c.newValue())));
        }
        return array;
    }

    private static List<RateChange> rateChanges(JsonArray array) {
        List<RateChange> changes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getJsonObject(i);
            changes.add(new RateChange(
                    o.getString("rate"), o.getLong("tier"), decimal(o.getString("old")), decimal(o.getString("new"))));
        }
        return changes;
    }

    /** Exact text, never through a double (JSON numbers would be read back as doubles). */
    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
