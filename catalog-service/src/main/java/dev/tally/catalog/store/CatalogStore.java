package dev.tally.catalog.store;

import dev.tally.pricing.Model;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads models with their whole price history. */
@ApplicationScoped
public class CatalogStore {

    private final Pool pool;

    public CatalogStore(Pool pool) {
        this.pool = pool;
    }

    /** A change of the catalog: the revision it reached, the models changed, and each revision's cause. */
    public record Delta(long revision, List<Model> models, List<Revision> revisions) {}

    /** One committed revision and the sync run that made it (null for a manual change). */
    public record Revision(long revision, UUID syncRunId) {}

    /**
     * Everything changed after {@code revision} (0: the whole catalog), read from one consistent
     * snapshot of the database (REPEATABLE READ), so models, versions and rates agree.
     */
    public Uni<Delta> changedSince(long revision) {
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute()
                .flatMap(ignored -> tx.preparedQuery(
                                "SELECT revision, sync_run_id FROM catalog_revision WHERE revision > $1 ORDER BY revision")
                        .execute(Tuple.of(revision)))
                .flatMap(revisionRows -> {
                    List<Revision> revisions = new ArrayList<>();
                    revisionRows.forEach(
                            r -> revisions.add(new Revision(r.getLong("revision"), r.getUUID("sync_run_id"))));
                    long reached = revisions.isEmpty()
                            ? revision
                            : revisions.get(revisions.size() - 1).revision();
                    if (revisions.isEmpty()) {
                        return Uni.createFrom().item(new Delta(reached, List.of(), revisions));
                    }
                    return load(tx, "m.revision > $1", Tuple.of(revision))
                            .map(models -> new Delta(reached, models, revisions));
                }));
    }

    /** Every model, inside the caller's transaction (a sync diffing under its lock). */
    public Uni<List<Model>> all(SqlConnection tx) {
        return load(tx, "TRUE", Tuple.tuple());
    }

    /** The model with this id or exact alias, or null. */
    public Uni<Model> byIdOrAlias(SqlClient client, String idOrAlias) {
        return load(client, "(m.id = $1 OR $1 = ANY (m.aliases))", Tuple.of(idOrAlias))
                .map(models -> models.stream()
                        .filter(m -> m.id().equals(idOrAlias))
                        .findFirst()
                        .orElse(models.isEmpty() ? null : models.get(0)));
    }

    /** Ids of other models that already use one of {@code names} as id or alias. */
    public Uni<List<String>> namesTakenByOthers(SqlClient client, String modelId, List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] array = names.toArray(String[]::new);
        return client.preparedQuery(
                        "SELECT id FROM model WHERE id <> $1 AND (id = ANY ($2) OR aliases && $2) ORDER BY id")
                .execute(Tuple.of(modelId, array))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                });
    }

    public Uni<Boolean> isEmpty(SqlClient client) {
        return client.query("SELECT NOT EXISTS (SELECT 1 FROM model)")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static Uni<List<Model>> load(SqlClient client, String modelCondition, Tuple args) {
        Uni<RowSet<Row>> models = client.preparedQuery(
                        "SELECT " + CatalogRows.MODEL_COLUMNS + " FROM model m WHERE " + modelCondition)
                .execute(args);
        Uni<RowSet<Row>> versions = client.preparedQuery("SELECT " + CatalogRows.VERSION_COLUMNS
                        + " FROM price_version v JOIN model m ON m.id = v.model_id WHERE " + modelCondition
                        + " ORDER BY v.model_id, v.effective_from")
                .execute(args);
        Uni<RowSet<Row>> rates = client.preparedQuery("SELECT " + CatalogRows.RATE_COLUMNS
                        + " FROM price_rate r JOIN price_version v ON v.id = r.price_version_id JOIN model m ON m.id = v.model_id"
                        + " WHERE " + modelCondition + " ORDER BY r.price_version_id, r.threshold_tokens")
                .execute(args);
        // one after another (a connection runs one statement at a time); thousands of rows are
        // assembled on a worker thread, not on the event loop
        return models.flatMap(m -> versions.flatMap(
                v -> rates.emitOn(Infrastructure.getDefaultWorkerPool()).map(r -> CatalogRows.models(m, v, r))));
    }
}
