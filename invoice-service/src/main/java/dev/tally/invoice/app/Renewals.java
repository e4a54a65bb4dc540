package dev.tally.invoice.app;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.EntitlementChange;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.PeriodStore;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.SubscriptionStore;
import dev.tally.invoice.store.Transactions;
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

    private final SubscriptionStore subscriptions;
    private final PeriodStore periods;
    private final PlanStore plans;
    private final PeriodGrants grants;
    private final EntitlementNotifications notifications;
    private final InvoiceConfig config;
    private final Clock clock;

    Renewals(
            SubscriptionStore subscriptions,
            PeriodStore periods,
            PlanStore plans,
            PeriodGrants grants,
            EntitlementNotifications notifications,
            InvoiceConfig config,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.periods = periods;
        this.plans = plans;
        this.grants = grants;
        this.notifications = notifications;
        this.config = config;
        this.clock = clock;
    }

    /** Crosses the subscription's due boundary (at most one per call) and grants the period it opened. */
    public Uni<Void> advance(String subscriptionId) {
        return Transactions.retryOnConflict(() ->
                        Transactions.inTransaction(() -> Transactions.tryLock("subscription:" + subscriptionId)
                                .flatMap(locked -> locked
                                        ? subscriptions.find(subscriptionId).flatMap(this::cross)
                                        : Uni.createFrom().nullItem())))
                .flatMap(opened -> opened == null ? Uni.createFrom().voidItem() : grants.tryGrant(opened));
    }

    /** @return the id of the period opened, or null */
    private Uni<String> cross(Subscription sub) {
        Instant now = clock.instant();
        if (sub == null || sub.status() == SubscriptionStatus.CANCELED) {
            return Uni.createFrom().nullItem();
        }
        Subscription started =
                sub.status() == SubscriptionStatus.PENDING && !sub.startTime().isAfter(now) ? sub.started() : sub;
        if (started.status() != SubscriptionStatus.ACTIVE
                || started.currentPeriod().end().isAfter(now)) {
            return started == sub
                    ? Uni.createFrom().nullItem()
                    : save(started, now).replaceWith((String) null);
        }
        if (started.cancelAtPeriodEnd()) {
            return save(started.endedAtPeriodEnd(now), now).replaceWith((String) null);
        }
        return plans.terms(started.plan())
                .flatMap(current -> plans.terms(started.nextPlan()).flatMap(next -> {
                    Subscription renewed = started.renewed(
                            current.terms().interval(), next.terms().interval(), now);
                    BillingPeriod opened = BillingPeriod.open(renewed, next, config.gracePeriod());
                    return save(renewed, now)
                            .chain(() -> periods.insert(opened))
                            .map(ignored -> opened.periodId());
                }));
    }

    /** Writes the subscription and announces the change of its entitlements. */
    private Uni<Void> save(Subscription sub, Instant now) {
        return subscriptions
                .update(sub)
                .chain(() ->
                        notifications.announce(new EntitlementChange(sub.customerId(), sub.subscriptionId(), now)));
    }
}
