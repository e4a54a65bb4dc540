package dev.tally.catalog.store;

import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes model updates as one new catalog revision, in the caller's transaction (which holds
 * {@link CatalogLocks#catalogWrite}). Each kind of row goes in one batched statement. On commit,
 * PostgreSQL notifies every replica ({@link #CHANNEL}) to reload what changed.
 */
@ApplicationScoped
public class CatalogWriter {

    /** The LISTEN/NOTIFY channel; the payload is the new revision. */
    public static final String CHANNEL = "tally_catalog_changed";

    private static final String RATE_COLUMNS =
            Arrays.stream(RateField.values()).map(RateField::apiName).collect(Collectors.joining(", "));
    private static final String RATE_PARAMS = placeholders(3, RateField.values().length);

    /**
     * What was written: the new catalog revision (0 when there was nothing to write) and the id of
     * each price version created, by model id.
     */
    public record Written(long revision, Map<String, UUID> newVersions) {

        public Written {
            newVersions = Map.copyOf(newVersions);
        }
    }

    /** Writes {@code updates}: a new revision, and a new price version for each update with a price. */
    public Uni<Written> apply(SqlConnection tx, List<ModelUpdate> updates, UUID syncRunId, Instant now) {
        if (updates.isEmpty()) {
            return Uni.createFrom().item(new Written(0L, Map.of()));
        }
        Map<String, UUID> newVersions = new HashMap<>();
        for (ModelUpdate u : updates) {
            if (u.newPrice() != null) {
                newVersions.put(u.modelId(), UUID.randomUUID());
            }
        }
        return tx.preparedQuery("INSERT INTO catalog_revision (revision, sync_run_id, created_at) "
                        + "SELECT coalesce(max(revision), 0) + 1, $1, $2 FROM catalog_revision RETURNING revision")
                .execute(Tuple.of(syncRunId, Sql.ts(now)))
                .map(rows -> rows.iterator().next().getLong("revision"))
                .call(revision -> insertModels(tx, updates, revision, now))
                .call(revision -> updateModels(tx, updates, revision, now))
                .call(() -> closeOpenVersions(tx, updates))
                .call(() -> insertVersions(tx, updates, newVersions, now))
                .call(revision -> tx.preparedQuery("SELECT pg_notify($1, $2)")
                        .execute(Tuple.of(CHANNEL, Long.toString(revision))))
                .map(revision -> new Written(revision, newVersions));
    }

    private static Uni<Void> insertModels(SqlConnection tx, List<ModelUpdate> updates, long revision, Instant now) {
        List<Tuple> rows = new ArrayList<>();
        for (ModelUpdate u : updates) {
            if (u.create()) {
                rows.add(modelTuple(u, revision, now).addOffsetDateTime(Sql.ts(now)));
            }
        }
        return batch(
                tx,
                "INSERT INTO model (id, provider, mode, aliases, active, origin, max_input_tokens, "
                        + "max_output_tokens, updated_at, revision, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                rows);
    }

    private static Uni<Void> updateModels(SqlConnection tx, List<ModelUpdate> updates, long revision, Instant now) {
        List<Tuple> rows = new ArrayList<>();
        for (ModelUpdate u : updates) {
            if (!u.create()) {
                rows.add(modelTuple(u, revision, now));
            }
        }
        return batch(
                tx,
                "UPDATE model SET provider = $2, mode = $3, aliases = $4, active = $5, origin = $6, "
                        + "max_input_tokens = $7, max_output_tokens = $8, updated_at = $9, revision = $10 WHERE id = $1",
                rows);
    }

    private static Tuple modelTuple(ModelUpdate u, long revision, Instant now) {
        ModelAttributes a = u.attributes();
        return Tuple.tuple()
                .addString(u.modelId())
                .addString(a.provider())
                .addString(a.mode())
                .addArrayOfString(a.aliases().toArray(String[]::new))
                .addBoolean(u.active())
                .addString(a.origin().name())
                .addLong(a.maxInputTokens())
                .addLong(a.maxOutputTokens())
                .addOffsetDateTime(Sql.ts(now))
                .addLong(revision);
    }

    private static Uni<Void> closeOpenVersions(SqlConnection tx, List<ModelUpdate> updates) {
        List<Tuple> rows = new ArrayList<>();
        for (ModelUpdate u : updates) {
            if (!u.create() && u.newPrice() != null) {
                rows.add(Tuple.of(u.modelId(), Sql.ts(u.effectiveTime())));
            }
        }
        return batch(
                tx, "UPDATE price_version SET effective_to = $2 WHERE model_id = $1 AND effective_to IS NULL", rows);
    }

    private static Uni<Void> insertVersions(
            SqlConnection tx, List<ModelUpdate> updates, Map<String, UUID> versionIds, Instant now) {
        List<Tuple> versions = new ArrayList<>();
        List<Tuple> rates = new ArrayList<>();
        for (ModelUpdate u : updates) {
            if (u.newPrice() == null) {
                continue;
            }
            UUID versionId = versionIds.get(u.modelId());
            versions.add(Tuple.tuple()
                    .addUUID(versionId)
                    .addString(u.modelId())
                    .addOffsetDateTime(Sql.ts(u.effectiveTime()))
                    .addString(u.priceSource().name())
                    .addString(u.newPrice().currency())
                    .addValue(u.newPrice().costPerRequest())
                    .addUUID(u.syncRunId())
                    .addOffsetDateTime(Sql.ts(now)));
            rates.add(rateTuple(versionId, 0, u.newPrice().base()));
            for (LongContextTier tier : u.newPrice().tiers()) {
                rates.add(rateTuple(versionId, tier.thresholdTokens(), tier.rates()));
            }
        }
        return batch(
                        tx,
                        "INSERT INTO price_version (id, model_id, effective_from, source, currency_code, "
                                + "cost_per_request, sync_run_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        versions)
                .call(() -> batch(
                        tx,
                        "INSERT INTO price_rate (price_version_id, threshold_tokens, " + RATE_COLUMNS
                                + ") VALUES ($1, $2, " + RATE_PARAMS + ")",
                        rates));
    }

    private static Tuple rateTuple(UUID versionId, long threshold, RateSet rates) {
        Tuple tuple = Tuple.tuple().addUUID(versionId).addLong(threshold);
        for (RateField field : RateField.values()) {
            tuple.addValue(rates.get(field));
        }
        return tuple;
    }

    private static Uni<Void> batch(SqlConnection tx, String sql, List<Tuple> rows) {
        return rows.isEmpty()
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }

    private static String placeholders(int first, int count) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add("$" + (first + i));
        }
        return String.join(", ", list);
    }
}
