package dev.tally.invoice.app;

import dev.tally.support.error.Reason;
import com.google.protobuf.MessageLite;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.BillingPeriods;
import dev.tally.invoice.domain.CustomerStatus;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.shared.plan.Period;
import dev.tally.invoice.domain.PeriodInvoice;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.BillingPeriodEntity;
import dev.tally.invoice.store.BillingPeriodRepository;
import dev.tally.invoice.store.EntitlementChange;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.InvoiceEntity;
import dev.tally.invoice.store.PlanVersionEntity;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.SubscriptionEntity;
import dev.tally.invoice.store.SubscriptionRepository;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.shared.money.Money;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.Grant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Subscriptions: subscribe (first period, its base price invoiced in advance, its grant), change of
 * plan and cancellation (at period end by default, or now: the open period then ends now and is
 * closed and invoiced after its grace like any other).
 */
@ApplicationScoped
public class Subscriptions {

    private final SubscriptionRepository subscriptions;
    private final BillingPeriodRepository periods;
    private final Customers customers;
    private final PlanVersions plans;
    private final InvoiceBook book;
    private final PeriodGrants grants;
    private final WalletClient wallet;
    private final InvoiceConfig config;
    private final Clock clock;

    Subscriptions(SubscriptionRepository subscriptions, BillingPeriodRepository periods, Customers customers,
                  PlanVersions plans, InvoiceBook book, PeriodGrants grants, WalletClient wallet, InvoiceConfig config,
                  Clock clock) {
        this.subscriptions = subscriptions;
        this.periods = periods;
        this.customers = customers;
        this.plans = plans;
        this.book = book;
        this.grants = grants;
        this.wallet = wallet;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Subscribes: period 0 from the start time, the opening invoice (its base price, FINALIZED),
     * then the period's grant in the wallet (after the commit; the billing job retries it if the
     * wallet cannot be reached now).
     */
    public <P extends MessageLite> Uni<Reply<P>> create(NewSubscription command, RequestKey key, Replies<P> replies,
                                                        Function<SubscriptionChange, P> respond) {
        String[] periodId = new String[1];
        return Transactions.once(key, replies, clock, () -> customers.existing(command.customerId())
                        .flatMap(customer -> plans.current(command.planId(), command.planVersion()).flatMap(plan -> {
                            if (customer.status == CustomerStatus.ARCHIVED) {
                                return Uni.createFrom().failure(new TallyException(Reason.INVALID_STATE,
                                        "customer " + customer.customerId + " is archived"));
                            }
                            checkSubscribable(plan);
                            if (!plan.currency().equals(customer.currencyCode)) {
                                return Uni.createFrom().failure(currencyMismatch(plan, customer.currencyCode));
                            }
                            return subscriptions.live(customer.customerId).flatMap(live -> {
                                if (live != null) {
                                    return Uni.createFrom().failure(alreadyActive(customer.customerId, live));
                                }
                                return subscribe(command, plan);
                            });
                        }))
                        .invoke(change -> periodId[0] = BillingPeriodEntity.id(change.subscription().subscriptionId, 0))
                        .map(respond))
                .onFailure(Transactions.uniqueViolationOn("subscription"))
                .transform(e -> alreadyActive(command.customerId(), null))
                .call(reply -> periodId[0] == null ? Uni.createFrom().voidItem() : grants.tryGrant(periodId[0]));
    }

    private Uni<SubscriptionChange> subscribe(NewSubscription command, PlanVersion plan) {
        Instant now = clock.instant();
        Instant start = command.startTime();
        SubscriptionEntity sub = new SubscriptionEntity();
        sub.subscriptionId = Ids.subscription();
        sub.customerId = command.customerId();
        sub.planVersionId = PlanVersionEntity.id(plan.planId(), plan.version());
        sub.status = start.isAfter(now) ? SubscriptionStatus.PENDING : SubscriptionStatus.ACTIVE;
        sub.startTime = start;
        sub.anchorTime = start;
        sub.anchorPeriodIndex = 0;
        sub.createTime = now;
        sub.updateTime = now;
        Period first = BillingPeriods.period(start, plan.terms().interval(), 0);
        BillingPeriodEntity period = openPeriod(sub, 0, first, plan);
        InvoiceEntity opening = book.header(Ids.invoice(), sub.customerId, sub.subscriptionId, InvoiceKind.PERIOD,
                plan.currency(), now);
        opening.closesPeriodIndex = -1;
        opening.complete = true;
        opening.periodStart = first.start();
        opening.periodEnd = first.end();
        opening.planVersionId = sub.planVersionId;
        return subscriptions.persist(sub)
                .chain(() -> periods.persist(period))
                .chain(() -> book.issue(opening, PeriodInvoice.opening(new PeriodInvoice.NextBase(plan, first))))
                .call(() -> EntitlementNotifications.announce(new EntitlementChange(sub.customerId, sub.subscriptionId, now)))
                .map(invoice -> new SubscriptionChange(sub, invoice, List.of()));
    }

    /**
     * Moves a subscription to another plan (version): from the next period (default), or now: the
     * open period ends now (closed and invoiced after its grace: next base price in full, no
     * proration, plus its usage) and a period on the new plan starts now with fresh grants.
     */
    public <P extends MessageLite> Uni<Reply<P>> changePlan(PlanChange command, Function<String, RequestKey> keyFor,
                                                            Replies<P> replies, Function<SubscriptionChange, P> respond) {
        String[] opened = new String[1];
        return keptBalancesFor(command).flatMap(kept -> Transactions.onceFor(
                        () -> existing(command.subscriptionId()).map(sub -> sub.customerId), keyFor, replies, clock,
                        () -> existing(command.subscriptionId()).flatMap(sub -> plans.terms(sub.planVersionId)
                                .flatMap(current -> plans.current(command.planId(), command.planVersion()).flatMap(target -> {
                                    requireRunning(sub);
                                    checkSubscribable(target);
                                    if (!target.currency().equals(current.currency())) {
                                        return Uni.createFrom().failure(currencyMismatch(target, current.currency()));
                                    }
                                    List<Money> keep = target.model() == current.model() ? List.of() : kept;
                                    Uni<SubscriptionChange> change = command.immediately()
                                            ? changeNow(sub, target, keep).invoke(c -> opened[0] = currentPeriodId(c.subscription()))
                                            : changeAtPeriodEnd(sub, target, keep);
                                    return change.map(respond);
                                })))))
                .call(reply -> opened[0] == null ? Uni.createFrom().voidItem() : grants.tryGrant(opened[0]));
    }

    private Uni<SubscriptionChange> changeAtPeriodEnd(SubscriptionEntity sub, PlanVersion target, List<Money> kept) {
        Instant now = clock.instant();
        sub.scheduledPlanVersionId = PlanVersionEntity.id(target.planId(), target.version());
        sub.updateTime = now;
        return subscriptions.flush()
                .call(() -> EntitlementNotifications.announce(new EntitlementChange(sub.customerId, sub.subscriptionId, now)))
                .map(ignored -> new SubscriptionChange(sub, null, kept));
    }

    private Uni<SubscriptionChange> changeNow(SubscriptionEntity sub, PlanVersion target, List<Money> kept) {
        if (sub.status != SubscriptionStatus.ACTIVE) {
            return Uni.createFrom().failure(new TallyException(Reason.INVALID_STATE,
                    "subscription " + sub.subscriptionId + " starts at " + sub.startTime
                            + "; its plan can change now only once it has started (or at the end of its first period)"));
        }
        Instant now = endOfOpenPeriod(sub);
        return periods.findById(currentPeriodId(sub)).flatMap(ending -> {
            int next = sub.currentPeriodIndex + 1;
            ending.endTime = now;
            ending.graceEndTime = now.plus(config.gracePeriod());
            sub.planVersionId = PlanVersionEntity.id(target.planId(), target.version());
            sub.scheduledPlanVersionId = null;
            sub.anchorTime = now;
            sub.anchorPeriodIndex = next;
            Period period = BillingPeriods.period(now, target.terms().interval(), 0);
            BillingPeriodEntity opened = openPeriod(sub, next, period, target);
            InvoiceEntity closing = closingDraft(sub, ending, target.currency());
            closing.periodStart = period.start();
            closing.periodEnd = period.end();
            closing.planVersionId = sub.planVersionId;
            sub.updateTime = now;
            return periods.persist(opened)
                    .chain(() -> book.write(closing, PeriodInvoice.closing(new PeriodInvoice.NextBase(target, period), null)))
                    .call(() -> EntitlementNotifications.announce(new EntitlementChange(sub.customerId, sub.subscriptionId, now)))
                    .map(invoice -> new SubscriptionChange(sub, invoice, kept));
        });
    }

    /**
     * Cancels at the end of the open period (default: it stops renewing) or now: the open period ends
     * now and is closed and invoiced (its usage) after its grace.
     */
    public <P extends MessageLite> Uni<Reply<P>> cancel(String subscriptionId, boolean immediately,
                                                        Function<String, RequestKey> keyFor, Replies<P> replies,
                                                        Function<SubscriptionChange, P> respond) {
        return Transactions.onceFor(() -> existing(subscriptionId).map(sub -> sub.customerId), keyFor, replies, clock,
                () -> existing(subscriptionId).flatMap(sub -> {
                    requireRunning(sub);
                    return (immediately ? cancelNow(sub) : cancelAtPeriodEnd(sub)).map(respond);
                }));
    }

    private Uni<SubscriptionChange> cancelAtPeriodEnd(SubscriptionEntity sub) {
        Instant now = clock.instant();
        if (!sub.cancelAtPeriodEnd) {
            sub.cancelAtPeriodEnd = true;
            sub.cancelTime = now;
            sub.endTime = sub.currentPeriodEnd;
            sub.scheduledPlanVersionId = null;
            sub.updateTime = now;
        }
        return subscriptions.flush()
                .call(() -> EntitlementNotifications.announce(new EntitlementChange(sub.customerId, sub.subscriptionId, now)))
                .map(ignored -> new SubscriptionChange(sub, null, List.of()));
    }

    private Uni<SubscriptionChange> cancelNow(SubscriptionEntity sub) {
        if (sub.status != SubscriptionStatus.ACTIVE) {
            return Uni.createFrom().failure(new TallyException(Reason.INVALID_STATE,
                    "subscription " + sub.subscriptionId + " starts at " + sub.startTime
                            + "; cancel it at the end of its first period instead"));
        }
        Instant now = endOfOpenPeriod(sub);
        return periods.findById(currentPeriodId(sub)).flatMap(ending -> {
            ending.endTime = now;
            ending.graceEndTime = now.plus(config.gracePeriod());
            sub.status = SubscriptionStatus.CANCELED;
            sub.cancelAtPeriodEnd = false;
            sub.cancelTime = now;
            sub.endTime = now;
            sub.currentPeriodIndex = null;
            sub.currentPeriodStart = null;
            sub.currentPeriodEnd = null;
            sub.scheduledPlanVersionId = null;
            sub.updateTime = now;
            return plans.terms(ending.planVersionId).flatMap(plan -> {
                InvoiceEntity closing = closingDraft(sub, ending, plan.currency());
                closing.periodStart = ending.startTime;
                closing.periodEnd = now;
                closing.planVersionId = ending.planVersionId;
                return book.write(closing, List.of());
            }).call(() -> EntitlementNotifications.announce(new EntitlementChange(sub.customerId, sub.subscriptionId, now)))
                    .map(invoice -> new SubscriptionChange(sub, invoice, List.of()));
        });
    }

    public Uni<SubscriptionEntity> get(String subscriptionId) {
        return Panache.withSession(() -> existing(subscriptionId));
    }

    public Uni<List<SubscriptionEntity>> list(String customerId, String planId, SubscriptionStatus status,
                                              Instant afterTime, String afterId, int limit) {
        return Panache.withSession(() -> subscriptions.page(customerId, planId, status, afterTime, afterId, limit));
    }

    /** A new period row of the subscription, which becomes its current period. */
    BillingPeriodEntity openPeriod(SubscriptionEntity sub, int index, Period bounds, PlanVersion plan) {
        BillingPeriodEntity period = new BillingPeriodEntity();
        period.periodId = BillingPeriodEntity.id(sub.subscriptionId, index);
        period.subscriptionId = sub.subscriptionId;
        period.periodIndex = index;
        period.customerId = sub.customerId;
        period.planVersionId = PlanVersionEntity.id(plan.planId(), plan.version());
        period.consumptionModel = plan.model();
        period.startTime = bounds.start();
        period.endTime = bounds.end();
        period.graceEndTime = bounds.end().plus(config.gracePeriod());
        period.closingInvoiceId = Ids.invoice();
        period.grantDone = false;
        sub.currentPeriodIndex = index;
        sub.currentPeriodStart = bounds.start();
        sub.currentPeriodEnd = bounds.end();
        return period;
    }

    private InvoiceEntity closingDraft(SubscriptionEntity sub, BillingPeriodEntity ending, String currency) {
        InvoiceEntity closing = book.header(ending.closingInvoiceId, sub.customerId, sub.subscriptionId,
                InvoiceKind.PERIOD, currency, clock.instant());
        closing.closesPeriodIndex = ending.periodIndex;
        return closing;
    }

    /** Now, as the end of the open period cut short (never its start: a period lasts at least 1 µs). */
    private Instant endOfOpenPeriod(SubscriptionEntity sub) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return now.isAfter(sub.currentPeriodStart) ? now : sub.currentPeriodStart.plus(1, ChronoUnit.MICROS);
    }

    /** The customer's pack credits and top-ups left in the wallet, read before a change of model. */
    private Uni<List<Money>> keptBalancesFor(PlanChange command) {
        return Panache.withSession(() -> existing(command.subscriptionId())
                        .flatMap(sub -> plans.terms(sub.planVersionId)
                                .flatMap(current -> plans.current(command.planId(), command.planVersion())
                                        .map(target -> target.model() == current.model() ? null : sub.customerId))))
                .flatMap(customerId -> customerId == null ? Uni.createFrom().item(List.<Money>of())
                        : wallet.getBalance(GetBalanceRequest.newBuilder().setCustomerId(customerId)
                                .setView(dev.tally.wallet.v1.BalanceView.BALANCE_VIEW_FULL).build())
                        .map(response -> neverExpiring(response.getBalancesList()))
                        .onFailure(e -> e instanceof io.grpc.StatusRuntimeException s
                                && s.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND)
                        .recoverWithItem(List.of()));
    }

    /** Per unit, what is left of grants without an expiry (packs, top-ups, refunds). */
    static List<Money> neverExpiring(List<Balance> balances) {
        List<Money> kept = new ArrayList<>();
        for (Balance balance : balances) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Grant grant : balance.getGrantsList()) {
                if (!grant.hasExpireTime()) {
                    sum = sum.add(new BigDecimal(grant.getRemainingAmount().getAmount()));
                }
            }
            if (sum.signum() > 0) {
                kept.add(new Money(Money.canonical(sum), balance.getCurrencyCode()));
            }
        }
        return kept;
    }

    Uni<SubscriptionEntity> existing(String subscriptionId) {
        return subscriptions.findById(subscriptionId).onItem().ifNull().failWith(() -> new TallyException(Reason.RESOURCE_NOT_FOUND, "subscription " + subscriptionId + " does not exist",
                Map.of("subscription_id", subscriptionId)));
    }

    private static String currentPeriodId(SubscriptionEntity sub) {
        return BillingPeriodEntity.id(sub.subscriptionId, sub.currentPeriodIndex);
    }

    private static void requireRunning(SubscriptionEntity sub) {
        if (sub.status == SubscriptionStatus.CANCELED) {
            throw new TallyException(Reason.INVALID_STATE, "subscription " + sub.subscriptionId
                    + " ended at " + sub.endTime);
        }
        if (sub.cancelAtPeriodEnd) {
            throw new TallyException(Reason.INVALID_STATE, "subscription " + sub.subscriptionId
                    + " is canceled and ends at " + sub.endTime);
        }
    }

    private static void checkSubscribable(PlanVersion plan) {
        if (plan.archived()) {
            throw new TallyException(Reason.INVALID_STATE, "plan " + plan.planId() + " (" + plan.planCode()
                    + ") is archived: no new subscriptions");
        }
    }

    private static TallyException currencyMismatch(PlanVersion plan, String currency) {
        return new TallyException(Reason.CURRENCY_MISMATCH,
                "plan " + plan.planCode() + " is priced in " + plan.currency() + ", not " + currency,
                Map.of("plan_currency", plan.currency(), "currency", currency), List.of());
    }

    private static TallyException alreadyActive(String customerId, SubscriptionEntity live) {
        return new TallyException(Reason.SUBSCRIPTION_ALREADY_ACTIVE,
                "customer " + customerId + " already has a live subscription"
                        + (live == null ? "" : " (" + live.subscriptionId + ")"),
                live == null ? Map.of("customer_id", customerId)
                        : Map.of("customer_id", customerId, "subscription_id", live.subscriptionId), List.of());
    }
}
