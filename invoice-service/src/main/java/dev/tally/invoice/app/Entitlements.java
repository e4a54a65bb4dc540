package dev.tally.invoice.app;

import dev.tally.support.error.Reason;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.BillingPeriods;
import dev.tally.invoice.domain.EntitlementWindow;
import dev.tally.shared.plan.Period;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.SubscriptionEntity;
import dev.tally.support.error.TallyException;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What usage-service needs to take an event of a customer at an instant: the subscription in force,
 * the plan version (features, prices), the period and its grace end, and whether it still takes
 * events. A batch of lookups is answered with three statements whatever its size (this is read on
 * every cold Track, so it reads with the reactive SQL client rather than loading entities; plan
 * versions, which never change, come from memory).
 */
@ApplicationScoped
public class Entitlements {

    /** The entitlements of one lookup. */
    public record Entitlement(String customerId, SubscriptionEntity subscription, PlanVersion plan, Period period,
                              Instant graceEnd, boolean periodClosed, Instant closedBefore, Instant cacheUntil) {
    }

    /** One lookup's answer: the entitlements, or the error a single lookup would fail with. */
    public record Result(Entitlement entitlement, TallyException error) {
    }

    /** One lookup: a customer at an instant. */
    public record Lookup(String customerId, Instant readTime) {
    }

    private static final String PERIODS = """
            WITH k AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS k(customer_id, t, n))
            SELECT k.n, c.customer_id IS NOT NULL AS known, p.subscription_id, p.plan_version_id,
                   p.start_time, p.end_time, p.grace_end_time, p.close_time, cb.closed_before
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
    private final PlanVersions plans;
    private final InvoiceConfig config;
    private final Clock clock;

    Entitlements(Pool pool, PlanVersions plans, InvoiceConfig config, Clock clock) {
        this.pool = pool;
        this.plans = plans;
        this.config = config;
        this.clock = clock;
    }

    /** Answers each lookup, in order. */
    public Uni<List<Result>> resolve(List<Lookup> lookups) {
        Instant now = clock.instant();
        String[] customers = lookups.stream().map(Lookup::customerId).toArray(String[]::new);
        OffsetDateTime[] times = lookups.stream().map(l -> (l.readTime() == null ? now : l.readTime()).atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(PERIODS).execute(Tuple.of(customers, times, now.atOffset(ZoneOffset.UTC)))
                .flatMap(periodRows -> {
                    List<Row> rows = new ArrayList<>();
                    periodRows.forEach(rows::add);
                    Set<String> subscriptionIds = new LinkedHashSet<>();
                    rows.forEach(r -> {
                        if (r.getString("subscription_id") != null) {
                            subscriptionIds.add(r.getString("subscription_id"));
                        }
                    });
                    return pool.preparedQuery(SUBSCRIPTIONS)
                            .execute(Tuple.of(subscriptionIds.toArray(String[]::new), customers))
                            .flatMap(subRows -> {
                                Map<String, SubscriptionEntity> byId = new HashMap<>();
                                Map<String, SubscriptionEntity> liveByCustomer = new HashMap<>();
                                subRows.forEach(r -> {
                                    SubscriptionEntity sub = subscription(r);
                                    byId.put(sub.subscriptionId, sub);
                                    if (sub.status != SubscriptionStatus.CANCELED) {
                                        liveByCustomer.put(sub.customerId, sub);
                                    }
                                });
                                return Multi.createFrom().range(0, lookups.size())
                                        .onItem().transformToUniAndConcatenate(i -> answer(lookups.get(i),
                                                times[i].toInstant(), rows.get(i), byId, liveByCustomer, now))
                                        .collect().asList();
                            });
                });
    }

    private Uni<Result> answer(Lookup lookup, Instant t, Row row, Map<String, SubscriptionEntity> byId,
                               Map<String, SubscriptionEntity> liveByCustomer, Instant now) {
        if (!row.getBoolean("known")) {
            return Uni.createFrom().item(new Result(null, Customers.notFound(lookup.customerId())));
        }
        Instant closedBefore = instant(row, "closed_before");
        OffsetDateTime end = row.getOffsetDateTime("end_time");
        if (end != null && t.isBefore(end.toInstant())) {
            Period period = new Period(instant(row, "start_time"), end.toInstant());
            Instant graceEnd = instant(row, "grace_end_time");
            SubscriptionEntity sub = byId.get(row.getString("subscription_id"));
            return plans.terms(row.getString("plan_version_id")).map(plan -> found(lookup, sub, plan, period, graceEnd,
                    row.getValue("close_time") != null, closedBefore, now));
        }
        SubscriptionEntity live = liveByCustomer.get(lookup.customerId());
        if (live == null || live.currentPeriodEnd == null || live.cancelAtPeriodEnd || t.isBefore(live.currentPeriodEnd)) {
            return Uni.createFrom().item(new Result(null, noSubscription(lookup.customerId(), t)));
        }
        // The open period has ended but its renewal has not been processed yet: the next period as it will open.
        String target = live.scheduledPlanVersionId == null ? live.planVersionId : live.scheduledPlanVersionId;
        return plans.terms(live.planVersionId).flatMap(current -> plans.terms(target).map(next -> {
            boolean sameInterval = next.terms().interval() == current.terms().interval();
            Instant anchor = sameInterval ? live.anchorTime : live.currentPeriodEnd;
            Period period = BillingPeriods.period(anchor, next.terms().interval(),
                    BillingPeriods.indexAt(anchor, next.terms().interval(), t));
            return found(lookup, live, next, period, period.end().plus(config.gracePeriod()), false, closedBefore, now);
        }));
    }

    private Result found(Lookup lookup, SubscriptionEntity sub, PlanVersion plan, Period period, Instant graceEnd,
                         boolean closed, Instant closedBefore, Instant now) {
        EntitlementWindow window = EntitlementWindow.of(period, graceEnd, closed, now, config.entitlements().maxCache());
        return new Result(new Entitlement(lookup.customerId(), sub, plan, period, graceEnd, window.periodClosed(),
                closedBefore, window.cacheUntil()), null);
    }

    static TallyException noSubscription(String customerId, Instant t) {
        return new TallyException(Reason.NO_ACTIVE_SUBSCRIPTION,
                "customer " + customerId + " has no subscription in force at " + t,
                Map.of("customer_id", customerId, "read_time", t.toString()), List.of());
    }

    private static SubscriptionEntity subscription(Row r) {
        SubscriptionEntity sub = new SubscriptionEntity();
        sub.subscriptionId = r.getString("subscription_id");
        sub.customerId = r.getString("customer_id");
        sub.planVersionId = r.getString("plan_version_id");
        sub.status = SubscriptionStatus.valueOf(r.getString("status"));
        sub.startTime = instant(r, "start_time");
        sub.anchorTime = instant(r, "anchor_time");
        sub.anchorPeriodIndex = r.getInteger("anchor_period_index");
        sub.currentPeriodIndex = r.getInteger("current_period_index");
        sub.currentPeriodStart = instant(r, "current_period_start");
        sub.currentPeriodEnd = instant(r, "current_period_end");
        sub.cancelAtPeriodEnd = r.getBoolean("cancel_at_period_end");
        sub.cancelTime = instant(r, "cancel_time");
        sub.endTime = instant(r, "end_time");
        sub.scheduledPlanVersionId = r.getString("scheduled_plan_version_id");
        sub.createTime = instant(r, "create_time");
        sub.updateTime = instant(r, "update_time");
        return sub;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
