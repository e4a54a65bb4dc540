package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.BillingPeriods;
import dev.tally.invoice.domain.EntitlementChange;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.NewSubscription;
import dev.tally.invoice.domain.PeriodInvoice;
import dev.tally.invoice.domain.PlanChange;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.PeriodStore;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.SubscriptionStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
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

    private final SubscriptionStore subscriptions;
    private final PeriodStore periods;
    private final PlanStore planStore;
    private final Customers customers;
    private final Plans plans;
    private final InvoiceBook book;
    private final PeriodGrants grants;
    private final IdempotentCalls calls;
    private final EntitlementNotifications notifications;
    private final WalletClient wallet;
    private final InvoiceConfig config;
    private final Clock clock;

    Subscriptions(
            SubscriptionStore subscriptions,
            PeriodStore periods,
            PlanStore planStore,
            Customers customers,
            Plans plans,
            InvoiceBook book,
            PeriodGrants grants,
            IdempotentCalls calls,
            EntitlementNotifications notifications,
            WalletClient wallet,
            InvoiceConfig config,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.periods = periods;
        this.planStore = planStore;
        this.customers = customers;
        this.plans = plans;
        this.book = book;
        this.grants = grants;
        this.calls = calls;
        this.notifications = notifications;
        this.wallet = wallet;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Subscribes: period 0 from the start time, the opening invoice (its base price, FINALIZED),
     * then the period's grant in the wallet (after the commit; the billing job retries it if the
     * wallet cannot be reached now).
     */
    public <P extends MessageLite> Uni<Reply<P>> create(
            NewSubscription command, RequestKey key, Replies<P> replies, Function<SubscriptionChange, P> respond) {
        String[] periodId = new String[1];
        return calls.once(
                        key,
                        replies,
                        () -> customers
                                .existing(command.customerId())
                                .flatMap(customer -> plans.current(command.planId(), command.planVersion())
                                        .flatMap(plan -> {
                                            if (customer.isArchived()) {
                                                return Uni.createFrom()
                                                        .failure(new TallyException(
                                                                Reason.INVALID_STATE,
                                                                "customer " + customer.customerId() + " is archived"));
                                            }
                                            checkSubscribable(plan);
                                            if (!plan.currency().equals(customer.currency())) {
                                                return Uni.createFrom()
                                                        .failure(currencyMismatch(plan, customer.currency()));
                                            }
                                            return subscriptions
                                                    .live(customer.customerId())
                                                    .flatMap(live -> {
                                                        if (live != null) {
                                                            return Uni.createFrom()
                                                                    .failure(
                                                                            alreadyActive(customer.customerId(), live));
                                                        }
                                                        return subscribe(command, plan);
                                                    });
                                        }))
                                .invoke(change ->
                                        periodId[0] = change.subscription().currentPeriodId())
                                .map(respond))
                .onFailure(Transactions.uniqueViolationOn("subscription"))
                .transform(e -> alreadyActive(command.customerId(), null))
                .call(reply -> periodId[0] == null ? Uni.createFrom().voidItem() : grants.tryGrant(periodId[0]));
    }

    private Uni<SubscriptionChange> subscribe(NewSubscription command, PlanVersion plan) {
        Instant now = clock.instant();
        Instant start = command.startTime();
        Period first = BillingPeriods.period(start, plan.terms().interval(), 0);
        Subscription sub = Subscription.subscribe(Ids.subscription(), command.customerId(), plan.ref(), start, now)
                .opening(0, first);
        BillingPeriod period = BillingPeriod.open(sub, plan, config.gracePeriod());
        Invoice opening = Invoice.draft(
                        Ids.invoice(), sub.customerId(), sub.subscriptionId(), InvoiceKind.PERIOD, plan.currency(), now)
                .forPeriod(-1, first, sub.plan(), true)
                .withLines(PeriodInvoice.opening(new PeriodInvoice.NextBase(plan, first)));
        return subscriptions
                .insert(sub)
                .chain(() -> periods.insert(period))
                .chain(() -> book.issue(opening))
                .call(() -> announce(sub, now))
                .map(invoice -> new SubscriptionChange(sub, invoice, List.of()));
    }

    /**
     * Moves a subscription to another plan (version): from the next period (default), or now: the
     * open period ends now (closed and invoiced after its grace: next base price in full, no
     * proration, plus its usage) and a period on the new plan starts now with fresh grants.
     */
    public <P extends MessageLite> Uni<Reply<P>> changePlan(
            PlanChange command,
            Function<String, RequestKey> keyFor,
            Replies<P> replies,
            Function<SubscriptionChange, P> respond) {
        String[] opened = new String[1];
        return keptBalancesFor(command)
                .flatMap(kept -> calls.onceFor(
                        () -> existing(command.subscriptionId()).map(Subscription::customerId),
                        keyFor,
                        replies,
                        () -> existing(command.subscriptionId())
                                .flatMap(sub -> planStore
                                        .terms(sub.plan())
                                        .flatMap(current -> plans.current(command.planId(), command.planVersion())
                                                .flatMap(target -> {
                                                    sub.requireRunning();
                                                    checkSubscribable(target);
                                                    if (!target.currency().equals(current.currency())) {
                                                        return Uni.createFrom()
                                                                .failure(currencyMismatch(target, current.currency()));
                                                    }
                                                    List<Money> keep =
                                                            target.model() == current.model() ? List.of() : kept;
                                                    Uni<SubscriptionChange> change = command.immediately()
                                                            ? changeNow(sub, target, keep)
                                                                    .invoke(c -> opened[0] = c.subscription()
                                                                            .currentPeriodId())
                                                            : changeAtPeriodEnd(sub, target, keep);
                                                    return change.map(respond);
                                                })))))
                .call(reply -> opened[0] == null ? Uni.createFrom().voidItem() : grants.tryGrant(opened[0]));
    }

    private Uni<SubscriptionChange> changeAtPeriodEnd(Subscription sub, PlanVersion target, List<Money> kept) {
        Instant now = clock.instant();
        Subscription scheduled = sub.scheduling(target.ref(), now);
        return subscriptions
                .update(scheduled)
                .call(() -> announce(scheduled, now))
                .map(ignored -> new SubscriptionChange(scheduled, null, kept));
    }

    private Uni<SubscriptionChange> changeNow(Subscription sub, PlanVersion target, List<Money> kept) {
        sub.requireStarted("its plan can change now only once it has started (or at the end of its first period)");
        Instant now = sub.cutShortAt(clock.instant());
        return periods.find(sub.currentPeriodId()).flatMap(ending -> {
            Period period = BillingPeriods.period(now, target.terms().interval(), 0);
            Subscription changed = sub.changedNow(target.ref(), now, period);
            BillingPeriod opened = BillingPeriod.open(changed, target, config.gracePeriod());
            Invoice closing = closingDraft(changed, ending, target.currency())
                    .forPeriod(ending.periodIndex(), period, changed.plan(), false)
                    .withLines(PeriodInvoice.closing(new PeriodInvoice.NextBase(target, period), null));
            return periods.update(ending.cutShort(now, config.gracePeriod()))
                    .chain(() -> subscriptions.update(changed))
                    .chain(() -> periods.insert(opened))
                    .chain(() -> book.write(closing))
                    .call(() -> announce(changed, now))
                    .map(invoice -> new SubscriptionChange(changed, invoice, kept));
        });
    }

    /**
     * Cancels at the end of the open period (default: it stops renewing) or now: the open period ends
     * now and is closed and invoiced (its usage) after its grace.
     */
    public <P extends MessageLite> Uni<Reply<P>> cancel(
            String subscriptionId,
            boolean immediately,
            Function<String, RequestKey> keyFor,
            Replies<P> replies,
            Function<SubscriptionChange, P> respond) {
        return calls.onceFor(
                () -> existing(subscriptionId).map(Subscription::customerId),
                keyFor,
                replies,
                () -> existing(subscriptionId).flatMap(sub -> {
                    sub.requireRunning();
                    return (immediately ? cancelNow(sub) : cancelAtPeriodEnd(sub)).map(respond);
                }));
    }

    private Uni<SubscriptionChange> cancelAtPeriodEnd(Subscription sub) {
        Instant now = clock.instant();
        Subscription canceled = sub.canceledAtPeriodEnd(now);
        return subscriptions
                .update(canceled)
                .call(() -> announce(canceled, now))
                .map(ignored -> new SubscriptionChange(canceled, null, List.of()));
    }

    private Uni<SubscriptionChange> cancelNow(Subscription sub) {
        sub.requireStarted("cancel it at the end of its first period instead");
        Instant now = sub.cutShortAt(clock.instant());
        Subscription canceled = sub.canceledNow(now);
        return periods.find(sub.currentPeriodId())
                .flatMap(ending -> planStore.terms(ending.plan()).flatMap(plan -> {
                    Invoice closing = closingDraft(canceled, ending, plan.currency())
                            .forPeriod(ending.periodIndex(), ending.bounds().endingAt(now), ending.plan(), false);
                    return periods.update(ending.cutShort(now, config.gracePeriod()))
                            .chain(() -> subscriptions.update(canceled))
                            .chain(() -> book.write(closing));
                }))
                .call(() -> announce(canceled, now))
                .map(invoice -> new SubscriptionChange(canceled, invoice, List.of()));
    }

    public Uni<Subscription> get(String subscriptionId) {
        return Transactions.inSession(() -> existing(subscriptionId));
    }

    /** Newest first, filtered (null: any), after the subscription {@code afterId} (null: from the newest). */
    public Uni<List<Subscription>> list(
            String customerId, String planId, SubscriptionStatus status, String afterId, int limit) {
        return Transactions.inSession(() -> subscriptions.page(customerId, planId, status, afterId, limit));
    }

    /** The DRAFT invoice closing {@code ending}, with the id fixed when the period opened. */
    private Invoice closingDraft(Subscription sub, BillingPeriod ending, String currency) {
        return Invoice.draft(
                ending.closingInvoiceId(),
                sub.customerId(),
                sub.subscriptionId(),
                InvoiceKind.PERIOD,
                currency,
                clock.instant());
    }

    /** The customer's pack credits and top-ups left in the wallet, read before a change of model. */
    private Uni<List<Money>> keptBalancesFor(PlanChange command) {
        return Transactions.inSession(() -> existing(command.subscriptionId())
                        .flatMap(sub -> planStore
                                .terms(sub.plan())
                                .flatMap(current -> plans.current(command.planId(), command.planVersion())
                                        .map(target -> target.model() == current.model() ? null : sub.customerId()))))
                .flatMap(customerId -> customerId == null
                        ? Uni.createFrom().item(List.<Money>of())
                        : wallet.neverExpiring(customerId));
    }

    private Uni<Void> announce(Subscription sub, Instant now) {
        return notifications.announce(new EntitlementChange(sub.customerId(), sub.subscriptionId(), now));
    }

    Uni<Subscription> existing(String subscriptionId) {
        return subscriptions
                .find(subscriptionId)
                .onItem()
                .ifNull()
                .failWith(() -> new TallyException(
                        Reason.RESOURCE_NOT_FOUND,
                        "subscription " + subscriptionId + " does not exist",
                        Map.of("subscription_id", subscriptionId)));
    }

    private static void checkSubscribable(PlanVersion plan) {
        if (plan.archived()) {
            throw new TallyException(
                    Reason.INVALID_STATE,
                    "plan " + plan.planId() + " (" + plan.planCode() + ") is archived: no new subscriptions");
        }
    }

    private static TallyException currencyMismatch(PlanVersion plan, String currency) {
        return new TallyException(
                Reason.CURRENCY_MISMATCH,
                "plan " + plan.planCode() + " is priced in " + plan.currency() + ", not " + currency,
                Map.of("plan_currency", plan.currency(), "currency", currency),
                List.of());
    }

    private static TallyException alreadyActive(String customerId, Subscription live) {
        return new TallyException(
                Reason.SUBSCRIPTION_ALREADY_ACTIVE,
                "customer " + customerId + " already has a live subscription"
                        + (live == null ? "" : " (" + live.subscriptionId() + ")"),
                live == null
                        ? Map.of("customer_id", customerId)
                        : Map.of("customer_id", customerId, "subscription_id", live.subscriptionId()),
                List.of());
    }
}
