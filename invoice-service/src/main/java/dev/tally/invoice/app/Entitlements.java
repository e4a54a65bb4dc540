package dev.tally.invoice.app;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.EntitlementChange;
import dev.tally.invoice.domain.EntitlementWindow;
import dev.tally.invoice.domain.PeriodAt;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.EntitlementReads;
import dev.tally.invoice.store.PlanStore;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What usage-service needs to take an event of a customer at an instant: the subscription in force,
 * the plan version (features, prices), the period and its grace end, and whether it still takes
 * events. A batch of lookups is answered with two statements whatever its size, plus the plan
 * versions, which never change and come from memory ({@link EntitlementReads}).
 */
@ApplicationScoped
public class Entitlements {

    /** The entitlements of one lookup. */
    public record Entitlement(
            String customerId,
            Subscription subscription,
            PlanVersion plan,
            Period period,
            Instant graceEnd,
            boolean periodClosed,
            Instant closedBefore,
            Instant cacheUntil) {}

    /** One lookup's answer: the entitlements, or the error a single lookup would fail with. */
    public record Result(Entitlement entitlement, TallyException error) {}

    /** One lookup: a customer at an instant (null: now). */
    public record Lookup(String customerId, Instant readTime) {}

    private final EntitlementReads reads;
    private final EntitlementNotifications notifications;
    private final PlanStore plans;
    private final InvoiceConfig config;
    private final Clock clock;

    Entitlements(
            EntitlementReads reads,
            EntitlementNotifications notifications,
            PlanStore plans,
            InvoiceConfig config,
            Clock clock) {
        this.reads = reads;
        this.notifications = notifications;
        this.plans = plans;
        this.config = config;
        this.clock = clock;
    }

    /** Answers each lookup, in order. */
    public Uni<List<Result>> resolve(List<Lookup> lookups) {
        Instant now = clock.instant();
        List<String> customers = lookups.stream().map(Lookup::customerId).toList();
        List<Instant> times = lookups.stream()
                .map(l -> l.readTime() == null ? now : l.readTime())
                .toList();
        return reads.periodsAt(customers, times, now).flatMap(found -> {
            Set<String> subscriptionIds = new LinkedHashSet<>();
            found.forEach(at -> {
                if (at.period() != null) {
                    subscriptionIds.add(at.period().subscriptionId());
                }
            });
            return reads.subscriptions(subscriptionIds, customers).flatMap(subscriptions -> {
                Map<String, Subscription> byId = new HashMap<>();
                Map<String, Subscription> liveByCustomer = new HashMap<>();
                subscriptions.forEach(sub -> {
                    byId.put(sub.subscriptionId(), sub);
                    if (sub.isLive()) {
                        liveByCustomer.put(sub.customerId(), sub);
                    }
                });
                return Multi.createFrom()
                        .range(0, lookups.size())
                        .onItem()
                        .transformToUniAndConcatenate(i -> answer(
                                lookups.get(i).customerId(), times.get(i), found.get(i), byId, liveByCustomer, now))
                        .collect()
                        .asList();
            });
        });
    }

    /** Every entitlement change committed from now on, by any replica, until the listening connection is lost. */
    public Multi<EntitlementChange> changes() {
        return notifications.changes();
    }

    private Uni<Result> answer(
            String customerId,
            Instant t,
            PeriodAt at,
            Map<String, Subscription> byId,
            Map<String, Subscription> liveByCustomer,
            Instant now) {
        if (!at.customerExists()) {
            return Uni.createFrom().item(new Result(null, Customers.notFound(customerId)));
        }
        BillingPeriod period = at.period();
        if (period != null && t.isBefore(period.bounds().end())) {
            Subscription sub = byId.get(period.subscriptionId());
            return plans.terms(period.plan())
                    .map(plan -> found(
                            customerId,
                            sub,
                            plan,
                            period.bounds(),
                            period.graceEndTime(),
                            period.isClosed(),
                            at.closedBefore(),
                            now));
        }
        Subscription live = liveByCustomer.get(customerId);
        if (live == null
                || live.currentPeriod() == null
                || live.cancelAtPeriodEnd()
                || t.isBefore(live.currentPeriod().end())) {
            return Uni.createFrom().item(new Result(null, noSubscription(customerId, t)));
        }
        // The open period has ended but its renewal has not been processed yet: the next period as it will open.
        return plans.terms(live.plan())
                .flatMap(current -> plans.terms(live.nextPlan()).map(next -> {
                    Period upcoming = live.periodAfterOpenPeriod(
                            current.terms().interval(), next.terms().interval(), t);
                    return found(
                            customerId,
                            live,
                            next,
                            upcoming,
                            upcoming.end().plus(config.gracePeriod()),
                            false,
                            at.closedBefore(),
                            now);
                }));
    }

    private Result found(
            String customerId,
            Subscription sub,
            PlanVersion plan,
            Period period,
            Instant graceEnd,
            boolean closed,
            Instant closedBefore,
            Instant now) {
        EntitlementWindow window = EntitlementWindow.of(
                period, graceEnd, closed, now, config.entitlements().maxCache());
        return new Result(
                new Entitlement(
                        customerId,
                        sub,
                        plan,
                        period,
                        graceEnd,
                        window.periodClosed(),
                        closedBefore,
                        window.cacheUntil()),
                null);
    }

    static TallyException noSubscription(String customerId, Instant t) {
        return new TallyException(
                Reason.NO_ACTIVE_SUBSCRIPTION,
                "customer " + customerId + " has no subscription in force at " + t,
                Map.of("customer_id", customerId, "read_time", t.toString()),
                List.of());
    }
}
