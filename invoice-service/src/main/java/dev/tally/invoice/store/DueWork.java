package dev.tally.invoice.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The billing job's due work, one query per kind, oldest first (the reactive SQL client: ids only). */
@ApplicationScoped
public class DueWork {

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

    /** A purchase by its key. */
    public record PurchaseKey(String customerId, String idempotencyKey) {}

    private final Pool pool;

    DueWork(Pool pool) {
        this.pool = pool;
    }

    /** Subscriptions with a boundary due: PENDING ones whose start has come, ACTIVE ones whose period has ended. */
    public Uni<List<String>> boundaries(Instant now, int limit) {
        return ids(DUE_BOUNDARIES, Tuple.of(now.atOffset(ZoneOffset.UTC), limit), row -> row.getString(0));
    }

    /** Periods whose grant is not made yet. */
    public Uni<List<String>> pendingGrants(int limit) {
        return ids(PENDING_GRANTS, Tuple.of(limit), row -> row.getString(0));
    }

    /** Periods past their grace end and not closed. */
    public Uni<List<String>> closes(Instant now, int limit) {
        return ids(DUE_CLOSES, Tuple.of(now.atOffset(ZoneOffset.UTC), limit), row -> row.getString(0));
    }

    /** Purchases started before {@code before} whose invoice was never finalized. */
    public Uni<List<PurchaseKey>> stalledPurchases(Instant before, int limit) {
        return ids(
                STALLED_PURCHASES,
                Tuple.of(before.atOffset(ZoneOffset.UTC), limit),
                row -> new PurchaseKey(row.getString(0), row.getString(1)));
    }

    private <T> Uni<List<T>> ids(String sql, Tuple params, Function<Row, T> column) {
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<T> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(column.apply(row)));
            return ids;
        });
    }
}
