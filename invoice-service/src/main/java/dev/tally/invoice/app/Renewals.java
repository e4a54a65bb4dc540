package dev.tally.invoice.app;

import dev.tally.invoice.domain.BillingPeriods;
import dev.tally.shared.plan.Period;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.BillingPeriodEntity;
import dev.tally.invoice.store.BillingPeriodRepository;
import dev.tally.invoice.store.EntitlementChange;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.Locks;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.SubscriptionEntity;
import dev.tally.invoice.store.SubscriptionRepository;
import dev.tally.invoice.store.Transactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * A subscription's period boundary, when it is due: a PENDING subscription starts; at the end of
 * the open period the subscription either ends (canceled at period end) or renews: the next period
 * opens on the scheduled plan (if a change was scheduled) or the same one, and its grant is made
 * in the wallet, in force from the new period's start. Closing the period that ended (its usage,
 * settlement, invoice) waits for its grace end: {@link PeriodCloser}.
 */
@ApplicationScoped
public class Renewals {

    private final SubscriptionRepository subscriptions;
    private final BillingPeriodRepository periods;
    private final Subscriptions lifecycle;
    private final PlanVersions plans;
    private final PeriodGrants grants;
    private final Clock clock;

    Renewals(SubscriptionRepository subscriptions, BillingPeriodRepository periods, Subscriptions lifecycle,
             PlanVersions plans, PeriodGrants grants, Clock clock) {
        this.subscriptions = subscriptions;
        this.periods = periods;
        this.lifecycle = lifecycle;
        this.plans = plans;
        this.grants = grants;
        this.clock = clock;
    }

    /** Crosses the subscription's due boundary (at most one per call) and grants the period it opened. */
    public Uni<Void> advance(String subscriptionId) {
        return Transactions.retryOnConflict(() -> Panache.withTransaction(() -> Locks.tryLock("subscription:" + subscriptionId)
                        .flatMap(locked -> locked ? subscriptions.findById(subscriptionId).flatMap(this::cross)
                                : Uni.createFrom().nullItem())))
                .flatMap(opened -> opened == null ? Uni.createFrom().voidItem() : grants.tryGrant(opened));
    }

    /** @return the id of the period opened, or null */
    private Uni<String> cross(SubscriptionEntity sub) {
        Instant now = clock.instant();
        if (sub == null || sub.status == SubscriptionStatus.CANCELED) {
            return Uni.createFrom().nullItem();
        }
        boolean changed = false;
        if (sub.status == SubscriptionStatus.PENDING && !sub.startTime.isAfter(now)) {
            sub.status = SubscriptionStatus.ACTIVE;
            changed = true;
        }
        if (sub.status != SubscriptionStatus.ACTIVE || sub.currentPeriodEnd.isAfter(now)) {
            return changed ? announce(sub, now).replaceWith((String) null) : Uni.createFrom().nullItem();
        }
        if (sub.cancelAtPeriodEnd) {
            sub.status = SubscriptionStatus.CANCELED;
            sub.endTime = sub.currentPeriodEnd;
            sub.currentPeriodIndex = null;
            sub.currentPeriodStart = null;
            sub.currentPeriodEnd = null;
            sub.updateTime = now;
            return announce(sub, now).replaceWith((String) null);
        }
        String target = sub.scheduledPlanVersionId == null ? sub.planVersionId : sub.scheduledPlanVersionId;
        return plans.terms(sub.planVersionId).flatMap(current -> plans.terms(target).flatMap(next -> {
            int index = sub.currentPeriodIndex + 1;
            if (next.terms().interval() != current.terms().interval()) {
                sub.anchorTime = sub.currentPeriodEnd;
                sub.anchorPeriodIndex = index;
            }
            Period bounds = BillingPeriods.period(sub.anchorTime, next.terms().interval(), index - sub.anchorPeriodIndex);
            BillingPeriodEntity opened = lifecycle.openPeriod(sub, index, bounds, next);
            sub.planVersionId = target;
            sub.scheduledPlanVersionId = null;
            sub.updateTime = now;
            return periods.persist(opened).call(() -> announce(sub, now)).map(ignored -> opened.periodId);
        }));
    }

    private static Uni<Void> announce(SubscriptionEntity sub, Instant now) {
        return EntitlementNotifications.announce(new EntitlementChange(sub.customerId, sub.subscriptionId, now));
    }
}
