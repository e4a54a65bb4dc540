package dev.tally.invoice.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Counts the service's metrics are sampled from. */
@ApplicationScoped
public class BillingStats {

    /** Periods past their grace end and not closed: how many, and how long the oldest has waited (0: none). */
    public record CloseBacklog(long periods, long oldestWaitSeconds) {}

    private final Pool pool;

    BillingStats(Pool pool) {
        this.pool = pool;
    }

    /** Invoices (period, purchase and credit notes) by status. */
    public Uni<Map<String, Long>> invoicesByStatus() {
        return pool.query("SELECT status, count(*) AS n FROM invoice GROUP BY status")
                .execute()
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getString("status"), row.getLong("n")));
                    return counts;
                });
    }

    public Uni<CloseBacklog> closeBacklog(Instant now) {
        return pool.preparedQuery("SELECT count(*) AS n, "
                        + "coalesce(floor(extract(epoch FROM $1 - min(grace_end_time))), 0)::bigint AS lag "
                        + "FROM billing_period WHERE close_time IS NULL AND grace_end_time <= $1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return new CloseBacklog(row.getLong("n"), row.getLong("lag"));
                });
    }
}
