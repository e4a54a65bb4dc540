package dev.tally.invoice.store;

import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.PeriodAt;
import dev.tally.invoice.domain.PlanRef;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The reads behind entitlements, for a batch of (customer, instant) lookups with one statement each
 * whatever the batch size. They run on every cold Track of usage-service, so with the reactive SQL
 * client rather than by loading entities.
 */
@ApplicationScoped
public class EntitlementReads {

    private static final String PERIODS = """
            WITH k AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS k(customer_id, t, n))
            SELECT k.n, c.customer_id IS NOT NULL AS known, p.*, cb.closed_before
              FROM k
              LEFT JOIN customer c ON c.customer_id = k.customer_id
              LEFT JOIN LATERAL (SELECT b.* FROM billing_period b
                                  WHERE b.customer_id = k.customer_id AND b.start_time <= k.t
                                  ORDER BY b.start_time DESC LIMIT 1) p ON true
              LEFT JOIN LATERAL (SELECT max(b.end_time) AS closed_before FROM billing_period b
                                  WHERE b.customer_id = k.customer_id
                                    AND (b.close_time IS NOT NULL OR b.grace_end_time <= $3)) cb ON true
             ORDER BY k.n""";
    private static final String SUBSCRIPTIONS = """
            SELECT * FROM subscription
             WHERE subscription_id = ANY($1) OR (customer_id = ANY($2) AND status <> 'CANCELED')""";

    private final Pool pool;

    EntitlementReads(Pool pool) {
        this.pool = pool;
    }

    /** For each (customer, instant), in order: the customer's period at that instant (graces ending by {@code now}). */
    public Uni<List<PeriodAt>> periodsAt(List<String> customerIds, List<Instant> times, Instant now) {
        return pool.preparedQuery(PERIODS)
                .execute(Tuple.of(
                        customerIds.toArray(String[]::new),
                        times.stream().map(EntitlementReads::timestamp).toArray(OffsetDateTime[]::new),
                        timestamp(now)))
                .map(rows -> {
                    List<PeriodAt> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new PeriodAt(
                            row.getBoolean("known"),
                            row.getString("period_id") == null ? null : period(row),
                            instant(row, "closed_before"))));
                    return found;
                });
    }

    /** The subscriptions with these ids, and the live (not CANCELED) ones of these customers. */
    public Uni<List<Subscription>> subscriptions(Collection<String> subscriptionIds, Collection<String> customerIds) {
        return pool.preparedQuery(SUBSCRIPTIONS)
                .execute(Tuple.of(subscriptionIds.toArray(String[]::new), customerIds.toArray(String[]::new)))
                .map(rows -> {
                    List<Subscription> found = new ArrayList<>();
                    rows.forEach(row -> found.add(subscription(row)));
                    return found;
                });
    }

    private static BillingPeriod period(Row r) {
        return new BillingPeriod(
                r.getString("period_id"),
                r.getString("subscription_id"),
                r.getInteger("period_index"),
                r.getString("customer_id"),
                PlanRef.of(r.getString("plan_version_id")),
                ConsumptionModel.valueOf(r.getString("consumption_model")),
                new Period(instant(r, "start_time"), instant(r, "end_time")),
                instant(r, "grace_end_time"),
                r.getString("closing_invoice_id"),
                r.getBoolean("grant_done"),
                instant(r, "close_time"));
    }

    private static Subscription subscription(Row r) {
        Instant periodStart = instant(r, "current_period_start");
        String scheduled = r.getString("scheduled_plan_version_id");
        return new Subscription(
                r.getString("subscription_id"),
                r.getString("customer_id"),
                PlanRef.of(r.getString("plan_version_id")),
                SubscriptionStatus.valueOf(r.getString("status")),
                instant(r, "start_time"),
                instant(r, "anchor_time"),
                r.getInteger("anchor_period_index"),
                r.getInteger("current_period_index"),
                periodStart == null ? null : new Period(periodStart, instant(r, "current_period_end")),
                r.getBoolean("cancel_at_period_end"),
                instant(r, "cancel_time"),
                instant(r, "end_time"),
                scheduled == null ? null : PlanRef.of(scheduled),
                instant(r, "create_time"),
                instant(r, "update_time"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
