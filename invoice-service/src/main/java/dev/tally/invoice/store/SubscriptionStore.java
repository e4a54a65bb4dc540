package dev.tally.invoice.store;

import dev.tally.invoice.domain.PlanRef;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.shared.plan.Period;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Subscriptions ({@code subscription}). */
@ApplicationScoped
public class SubscriptionStore extends EntityStore<Subscription, SubscriptionEntity> {

    SubscriptionStore() {
        super(SubscriptionEntity.class);
    }

    /** The customer's PENDING or ACTIVE subscription, or null. */
    public Uni<Subscription> live(String customerId) {
        return NativeSql.session()
                .flatMap(session -> session.createSelectionQuery(
                                "from SubscriptionEntity where customerId = :customer and status in (:pending, :active)",
                                SubscriptionEntity.class)
                        .setParameter("customer", customerId)
                        .setParameter("pending", SubscriptionStatus.PENDING)
                        .setParameter("active", SubscriptionStatus.ACTIVE)
                        .setMaxResults(1)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : value(rows.get(0)));
    }

    /** Newest first, filtered (null: any), after the subscription {@code afterId} (null: from the newest). */
    public Uni<List<Subscription>> page(
            String customerId, String planId, SubscriptionStatus status, String afterId, int limit) {
        return new NewestFirst<>(SubscriptionEntity.class, "subscriptionId")
                .whereSet("e.customerId = :customer", "customer", customerId)
                .whereSet("e.planVersionId like :plan", "plan", planId == null ? null : planId + "@%")
                .whereSet("e.status = :status", "status", status)
                .after(afterId, limit)
                .map(rows -> rows.stream().map(this::value).toList());
    }

    @Override
    SubscriptionEntity row(Subscription subscription) {
        SubscriptionEntity row = new SubscriptionEntity();
        row.subscriptionId = subscription.subscriptionId();
        row.customerId = subscription.customerId();
        row.startTime = subscription.startTime();
        row.createTime = subscription.createTime();
        copy(subscription, row);
        return row;
    }

    @Override
    Object id(Subscription subscription) {
        return subscription.subscriptionId();
    }

    @Override
    void copy(Subscription s, SubscriptionEntity row) {
        row.planVersionId = s.plan().id();
        row.status = s.status();
        row.anchorTime = s.anchorTime();
        row.anchorPeriodIndex = s.anchorPeriodIndex();
        row.currentPeriodIndex = s.currentPeriodIndex();
        row.currentPeriodStart =
                s.currentPeriod() == null ? null : s.currentPeriod().start();
        row.currentPeriodEnd =
                s.currentPeriod() == null ? null : s.currentPeriod().end();
        row.cancelAtPeriodEnd = s.cancelAtPeriodEnd();
        row.cancelTime = s.cancelTime();
        row.endTime = s.endTime();
        row.scheduledPlanVersionId =
                s.scheduledPlan() == null ? null : s.scheduledPlan().id();
        row.updateTime = s.updateTime();
    }

    @Override
    Subscription value(SubscriptionEntity row) {
        return new Subscription(
                row.subscriptionId,
                row.customerId,
                PlanRef.of(row.planVersionId),
                row.status,
                row.startTime,
                row.anchorTime,
                row.anchorPeriodIndex,
                row.currentPeriodIndex,
                row.currentPeriodStart == null ? null : new Period(row.currentPeriodStart, row.currentPeriodEnd),
                row.cancelAtPeriodEnd,
                row.cancelTime,
                row.endTime,
                row.scheduledPlanVersionId == null ? null : PlanRef.of(row.scheduledPlanVersionId),
                row.createTime,
                row.updateTime);
    }
}
