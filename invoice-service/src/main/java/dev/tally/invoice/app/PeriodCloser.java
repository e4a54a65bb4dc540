package dev.tally.invoice.app;

import dev.tally.invoice.client.UsageClient;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.EntitlementChange;
import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.PeriodInvoice;
import dev.tally.invoice.domain.PeriodStep;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.InvoiceStore;
import dev.tally.invoice.store.PeriodSteps;
import dev.tally.invoice.store.PeriodStore;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.SubscriptionStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Closes a billing period after its grace end, in the order of {@link PeriodStep#closing}: wait for
 * usage-service to have no pending debits of the period and read its usage; settle its shortfall in
 * the wallet (bill exactly what was settled); expire what is left of its grants; write the closing
 * invoice (the next period's base price + this period's usage) and finalize it.
 * <p>
 * Exactly once, whatever runs it and however often:
 * <ul>
 * <li>each step runs in its own transaction holding {@code pg_try_advisory_xact_lock("close:<period>")}:
 * a second replica finds the lock taken and leaves the period for its next run;</li>
 * <li>each step is recorded under (period, step) in the transaction that did it (its result: the
 * other service's response, or the invoice id), so a step is never done twice once recorded;</li>
 * <li>a crash after a step's wallet call but before its record repeats the call with the same
 * idempotency key (subscription, period, step): the wallet replays the first answer;</li>
 * <li>the closing invoice's id is fixed when the period opens, and the database allows one PERIOD
 * invoice per (subscription, period closed).</li>
 * </ul>
 */
@ApplicationScoped
public class PeriodCloser {

    /** What a close attempt achieved. */
    public enum Outcome {
        /** The period is closed and invoiced (now or before). */
        CLOSED,
        /** Not yet: usage-service has pending debits of the period, or its renewal or grant is not done. */
        WAITING,
        /** Another transaction (replica) is closing it right now. */
        BUSY
    }

    private final PeriodStore periods;
    private final PeriodSteps steps;
    private final SubscriptionStore subscriptions;
    private final InvoiceStore invoices;
    private final PlanStore plans;
    private final InvoiceBook book;
    private final EntitlementNotifications notifications;
    private final WalletClient wallet;
    private final UsageClient usage;
    private final CloseFaults faults;
    private final InvoiceConfig config;
    private final Clock clock;

    PeriodCloser(
            PeriodStore periods,
            PeriodSteps steps,
            SubscriptionStore subscriptions,
            InvoiceStore invoices,
            PlanStore plans,
            InvoiceBook book,
            EntitlementNotifications notifications,
            WalletClient wallet,
            UsageClient usage,
            CloseFaults faults,
            InvoiceConfig config,
            Clock clock) {
        this.periods = periods;
        this.steps = steps;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.plans = plans;
        this.book = book;
        this.notifications = notifications;
        this.wallet = wallet;
        this.usage = usage;
        this.faults = faults;
        this.config = config;
        this.clock = clock;
    }

    /** Runs the period's remaining close steps, in order, each in its own transaction. */
    public Uni<Outcome> close(String periodId) {
        return Transactions.inSession(() -> periods.find(periodId)).flatMap(period -> {
            if (period == null) {
                return Uni.createFrom().failure(new IllegalArgumentException("no period " + periodId));
            }
            return run(periodId, PeriodStep.closing(period.model()), 0);
        });
    }

    private Uni<Outcome> run(String periodId, List<PeriodStep> order, int next) {
        if (next == order.size()) {
            return Uni.createFrom().item(Outcome.CLOSED);
        }
        PeriodStep step = order.get(next);
        return step(periodId, step)
                .flatMap(outcome -> outcome == StepOutcome.DONE
                        ? run(periodId, order, next + 1)
                        : Uni.createFrom()
                                .item(
                                        outcome == StepOutcome.WAITING
                                                ? Outcome.WAITING
                                                : outcome == StepOutcome.BUSY ? Outcome.BUSY : Outcome.CLOSED));
    }

    private enum StepOutcome {
        DONE,
        WAITING,
        BUSY,
        ALREADY_CLOSED
    }

    /** One step in its own transaction: under the period's lock, unless recorded, do it and record it. */
    private Uni<StepOutcome> step(String periodId, PeriodStep step) {
        return Transactions.inTransaction(() -> Transactions.tryLock("close:" + periodId)
                        .flatMap(locked -> {
                            if (!locked) {
                                return Uni.createFrom().item(StepOutcome.BUSY);
                            }
                            return periods.find(periodId).flatMap(period -> {
                                if (period.isClosed()) {
                                    return Uni.createFrom().item(StepOutcome.ALREADY_CLOSED);
                                }
                                return steps.result(periodId, step)
                                        .flatMap(done -> done != null
                                                ? Uni.createFrom().item(StepOutcome.DONE)
                                                : effect(period, step).flatMap(result -> {
                                                    if (result == null) {
                                                        return Uni.createFrom().item(StepOutcome.WAITING);
                                                    }
                                                    faults.at(periodId, step, CloseFaults.Moment.AFTER_EFFECT);
                                                    return steps.record(periodId, step, result, clock.instant())
                                                            .replaceWith(StepOutcome.DONE);
                                                }));
                            });
                        }))
                .invoke(outcome -> {
                    if (outcome == StepOutcome.DONE) {
                        faults.at(periodId, step, CloseFaults.Moment.AFTER_COMMIT);
                    }
                });
    }

    /** Does the step; its result to record, or null to wait. */
    private Uni<byte[]> effect(BillingPeriod period, PeriodStep step) {
        return switch (step) {
            case USAGE -> readUsage(period);
            case SETTLE -> settle(period);
            case EXPIRE -> expire(period);
            case INVOICE -> invoice(period);
            case GRANT -> Uni.createFrom().failure(new IllegalArgumentException("GRANT is not a close step"));
        };
    }

    /**
     * USAGE: once the renewal and the period's grant are done (the grant pays the period's late events
     * before the shortfall is settled) and usage-service has no pending debit of the period, its usage.
     */
    private Uni<byte[]> readUsage(BillingPeriod period) {
        return subscriptions.find(period.subscriptionId()).flatMap(sub -> {
            boolean renewed = !sub.isLive() || sub.currentPeriodIndex() > period.periodIndex();
            if (!renewed || !period.grantDone()) {
                return Uni.createFrom().nullItem();
            }
            return usage.periodUsage(period.customerId(), period.bounds().start())
                    .map(report -> report.pendingDebits() > 0 ? null : report.recorded());
        });
    }

    /** SETTLE: claim the period's outstanding shortfall for the closing invoice. */
    private Uni<byte[]> settle(BillingPeriod period) {
        return unit(period)
                .flatMap(unit -> wallet.settleShortfall(
                        period.customerId(),
                        unit,
                        period.bounds(),
                        period.closingInvoiceId(),
                        PeriodStep.SETTLE.walletKey(period.periodId())))
                .map(settlement -> settlement.recorded());
    }

    /** EXPIRE: remove what is left of the period's grants. */
    private Uni<byte[]> expire(BillingPeriod period) {
        return unit(period)
                .flatMap(unit -> wallet.expireGrants(
                        period.customerId(),
                        unit,
                        period.bounds().end(),
                        period.periodId(),
                        PeriodStep.EXPIRE.walletKey(period.periodId())));
    }

    /** INVOICE: the closing invoice (next base + this usage), finalized; the period is closed. */
    private Uni<byte[]> invoice(BillingPeriod period) {
        Instant now = clock.instant();
        return plans.terms(period.plan())
                .flatMap(plan -> endedUsage(period, plan)
                        .flatMap(ended -> periods.find(
                                        BillingPeriod.id(period.subscriptionId(), period.periodIndex() + 1))
                                .flatMap(next -> (next == null
                                                ? Uni.createFrom().<PlanVersion>nullItem()
                                                : plans.terms(next.plan()))
                                        .flatMap(nextPlan -> invoices.find(period.closingInvoiceId())
                                                .flatMap(existing -> {
                                                    PeriodInvoice.NextBase base = next == null
                                                            ? null
                                                            : new PeriodInvoice.NextBase(nextPlan, next.bounds());
                                                    Invoice draft = existing != null
                                                            ? existing
                                                            : Invoice.draft(
                                                                    period.closingInvoiceId(),
                                                                    period.customerId(),
                                                                    period.subscriptionId(),
                                                                    InvoiceKind.PERIOD,
                                                                    plan.currency(),
                                                                    now);
                                                    Period billed = base == null ? period.bounds() : base.period();
                                                    Invoice closing = draft.forPeriod(
                                                                    period.periodIndex(),
                                                                    billed,
                                                                    base == null ? period.plan() : next.plan(),
                                                                    true)
                                                            .withLines(PeriodInvoice.closing(base, ended));
                                                    Uni<Invoice> written = existing == null
                                                            ? book.write(closing)
                                                            : book.rewrite(closing);
                                                    return written.flatMap(done -> config.billing()
                                                                                    .finalizeClosingInvoices()
                                                                            && done.status() == InvoiceStatus.DRAFT
                                                                    ? book.finalizeDraft(done)
                                                                    : Uni.createFrom()
                                                                            .item(done))
                                                            .call(ignored -> periods.update(period.closed(now)))
                                                            .call(ignored ->
                                                                    notifications.announce(new EntitlementChange(
                                                                            period.customerId(),
                                                                            period.subscriptionId(),
                                                                            now)))
                                                            .map(done -> done.invoiceId()
                                                                    .getBytes(StandardCharsets.UTF_8));
                                                })))));
    }

    /** The period's usage from its recorded steps: METERED units per feature; otherwise what was settled. */
    private Uni<PeriodInvoice.EndedUsage> endedUsage(BillingPeriod period, PlanVersion plan) {
        if (plan.model() == ConsumptionModel.METERED) {
            return steps.result(period.periodId(), PeriodStep.USAGE)
                    .map(recorded -> new PeriodInvoice.MeteredUsage(
                            plan, period.bounds(), usage.recorded(recorded).usedUnits()));
        }
        return steps.result(period.periodId(), PeriodStep.SETTLE)
                .map(recorded -> new PeriodInvoice.SettledShortfall(
                        plan,
                        period.bounds(),
                        wallet.recordedSettlement(recorded, unit(plan)).settled()));
    }

    /** The wallet unit of the period's model: CREDITS, or the plan currency. */
    private Uni<String> unit(BillingPeriod period) {
        return plans.terms(period.plan()).map(PeriodCloser::unit);
    }

    private static String unit(PlanVersion plan) {
        return plan.model() == ConsumptionModel.CREDITS ? Money.CREDITS : plan.currency();
    }
}
