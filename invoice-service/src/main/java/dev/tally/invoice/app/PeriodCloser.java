package dev.tally.invoice.app;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.invoice.client.UsageClient;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.shared.plan.Period;
import dev.tally.invoice.domain.PeriodInvoice;
import dev.tally.invoice.domain.PeriodStep;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.BillingPeriodEntity;
import dev.tally.invoice.store.BillingPeriodRepository;
import dev.tally.invoice.store.EntitlementChange;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.store.InvoiceEntity;
import dev.tally.invoice.store.InvoiceRepository;
import dev.tally.invoice.store.Locks;
import dev.tally.invoice.store.PeriodStepRepository;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.SubscriptionRepository;
import dev.tally.shared.money.Money;
import dev.tally.support.proto.ProtoTime;
import dev.tally.common.v1.TimeRange;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
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
        /** Not yet: usage-service has pending debits of the period, or its renewal is not done. */
        WAITING,
        /** Another transaction (replica) is closing it right now. */
        BUSY
    }

    private final BillingPeriodRepository periods;
    private final PeriodStepRepository steps;
    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoices;
    private final PlanVersions plans;
    private final InvoiceBook book;
    private final WalletClient wallet;
    private final UsageClient usage;
    private final CloseFaults faults;
    private final InvoiceConfig config;
    private final Clock clock;

    PeriodCloser(BillingPeriodRepository periods, PeriodStepRepository steps, SubscriptionRepository subscriptions,
                 InvoiceRepository invoices, PlanVersions plans, InvoiceBook book, WalletClient wallet,
                 UsageClient usage, CloseFaults faults, InvoiceConfig config, Clock clock) {
        this.periods = periods;
        this.steps = steps;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.plans = plans;
        this.book = book;
        this.wallet = wallet;
        this.usage = usage;
        this.faults = faults;
        this.config = config;
        this.clock = clock;
    }

    /** Runs the period's remaining close steps, in order, each in its own transaction. */
    public Uni<Outcome> close(String periodId) {
        return Panache.withSession(() -> periods.findById(periodId)).flatMap(period -> {
            if (period == null) {
                return Uni.createFrom().failure(new IllegalArgumentException("no period " + periodId));
            }
            return run(periodId, PeriodStep.closing(period.consumptionModel), 0);
        });
    }

    private Uni<Outcome> run(String periodId, List<PeriodStep> order, int next) {
        if (next == order.size()) {
            return Uni.createFrom().item(Outcome.CLOSED);
        }
        PeriodStep step = order.get(next);
        return step(periodId, step).flatMap(outcome -> outcome == StepOutcome.DONE
                ? run(periodId, order, next + 1)
                : Uni.createFrom().item(outcome == StepOutcome.WAITING ? Outcome.WAITING
                : outcome == StepOutcome.BUSY ? Outcome.BUSY : Outcome.CLOSED));
    }

    private enum StepOutcome { DONE, WAITING, BUSY, ALREADY_CLOSED }

    /** One step in its own transaction: under the period's lock, unless recorded, do it and record it. */
    private Uni<StepOutcome> step(String periodId, PeriodStep step) {
        return Panache.withTransaction(() -> Locks.tryLock("close:" + periodId).flatMap(locked -> {
            if (!locked) {
                return Uni.createFrom().item(StepOutcome.BUSY);
            }
            return periods.findById(periodId).flatMap(period -> {
                if (period.closeTime != null) {
                    return Uni.createFrom().item(StepOutcome.ALREADY_CLOSED);
                }
                return steps.result(periodId, step).flatMap(done -> done != null
                        ? Uni.createFrom().item(StepOutcome.DONE)
                        : effect(period, step).flatMap(result -> {
                            if (result == null) {
                                return Uni.createFrom().item(StepOutcome.WAITING);
                            }
                            faults.at(periodId, step, CloseFaults.Moment.AFTER_EFFECT);
                            return steps.record(periodId, step, result, clock.instant()).replaceWith(StepOutcome.DONE);
                        }));
            });
        })).invoke(outcome -> {
            if (outcome == StepOutcome.DONE) {
                faults.at(periodId, step, CloseFaults.Moment.AFTER_COMMIT);
            }
        });
    }

    /** Does the step; its result to record, or null to wait. */
    private Uni<byte[]> effect(BillingPeriodEntity period, PeriodStep step) {
        return switch (step) {
            case USAGE -> readUsage(period);
            case SETTLE -> settle(period);
            case EXPIRE -> expire(period);
            case INVOICE -> invoice(period);
            case GRANT -> Uni.createFrom().failure(new IllegalArgumentException("GRANT is not a close step"));
        };
    }

    /** USAGE: once the renewal is done and usage-service has no pending debit of the period, its usage. */
    private Uni<byte[]> readUsage(BillingPeriodEntity period) {
        return subscriptions.findById(period.subscriptionId).flatMap(sub -> {
            boolean renewed = sub.status == SubscriptionStatus.CANCELED || sub.currentPeriodIndex > period.periodIndex;
            if (!renewed) {
                return Uni.createFrom().nullItem();
            }
            return usage.getUsage(GetUsageRequest.newBuilder().setCustomerId(period.customerId)
                            .setPeriodTime(ProtoTime.timestamp(period.startTime)).build())
                    .map(response -> response.getPendingDebitCount() > 0 ? null : response.toByteArray());
        });
    }

    /** SETTLE: claim the period's outstanding shortfall for the closing invoice. */
    private Uni<byte[]> settle(BillingPeriodEntity period) {
        return unit(period).flatMap(unit -> wallet.settleShortfall(SettleShortfallRequest.newBuilder()
                        .setCustomerId(period.customerId)
                        .setCurrencyCode(unit)
                        .setTimeRange(TimeRange.newBuilder().setStartTime(ProtoTime.timestamp(period.startTime))
                                .setEndTime(ProtoTime.timestamp(period.endTime)))
                        .setReference(period.closingInvoiceId)
                        .setIdempotencyKey(PeriodStep.SETTLE.walletKey(period.periodId))
                        .build()))
                .map(SettleShortfallResponse::toByteArray);
    }

    /** EXPIRE: remove what is left of the period's grants. */
    private Uni<byte[]> expire(BillingPeriodEntity period) {
        return unit(period).flatMap(unit -> wallet.expireGrants(ExpireGrantsRequest.newBuilder()
                        .setCustomerId(period.customerId)
                        .setCurrencyCode(unit)
                        .setExpireTime(ProtoTime.timestamp(period.endTime))
                        .setPeriodReference(period.periodId)
                        .setIdempotencyKey(PeriodStep.EXPIRE.walletKey(period.periodId))
                        .build()))
                .map(response -> response.toByteArray());
    }

    /** INVOICE: the closing invoice (next base + this usage), finalized; the period is closed. */
    private Uni<byte[]> invoice(BillingPeriodEntity period) {
        Instant now = clock.instant();
        return plans.terms(period.planVersionId).flatMap(plan -> endedUsage(period, plan).flatMap(ended ->
                periods.findById(BillingPeriodEntity.id(period.subscriptionId, period.periodIndex + 1)).flatMap(next ->
                        (next == null ? Uni.createFrom().<PlanVersion>nullItem() : plans.terms(next.planVersionId))
                                .flatMap(nextPlan -> invoices.findById(period.closingInvoiceId).flatMap(existing -> {
                                    PeriodInvoice.NextBase base = next == null ? null
                                            : new PeriodInvoice.NextBase(nextPlan, next.period());
                                    InvoiceEntity invoice = existing != null ? existing
                                            : book.header(period.closingInvoiceId, period.customerId,
                                            period.subscriptionId, InvoiceKind.PERIOD, plan.currency(), now);
                                    invoice.closesPeriodIndex = period.periodIndex;
                                    Period billed = base == null ? period.period() : base.period();
                                    invoice.periodStart = billed.start();
                                    invoice.periodEnd = billed.end();
                                    invoice.planVersionId = base == null ? period.planVersionId : next.planVersionId;
                                    invoice.complete = true;
                                    List<dev.tally.invoice.domain.InvoiceLine> lines = PeriodInvoice.closing(base, ended);
                                    Uni<InvoiceEntity> written = existing == null ? book.write(invoice, lines)
                                            : book.rewrite(invoice, lines);
                                    return written.flatMap(draft -> config.billing().finalizeClosingInvoices()
                                                    && draft.status == InvoiceStatus.DRAFT
                                                    ? book.finalizeDraft(draft) : Uni.createFrom().item(draft))
                                            .call(ignored -> {
                                                period.closeTime = now;
                                                return EntitlementNotifications.announce(new EntitlementChange(
                                                        period.customerId, period.subscriptionId, now));
                                            })
                                            .map(done -> done.invoiceId.getBytes(StandardCharsets.UTF_8));
                                })))));
    }

    /** The period's usage from its recorded steps: METERED units per feature; otherwise what was settled. */
    private Uni<PeriodInvoice.EndedUsage> endedUsage(BillingPeriodEntity period, PlanVersion plan) {
        if (plan.model() == ConsumptionModel.METERED) {
            return steps.result(period.periodId, PeriodStep.USAGE).map(bytes -> new PeriodInvoice.MeteredUsage(plan,
                    period.period(), UsageClient.unitsByFeature(parse(bytes, GetUsageResponse.parser()))));
        }
        return steps.result(period.periodId, PeriodStep.SETTLE).map(bytes -> {
            dev.tally.common.v1.Money settled = parse(bytes, SettleShortfallResponse.parser()).getSettled();
            String amount = settled.getAmount().isEmpty() ? "0" : settled.getAmount();
            String unit = plan.model() == ConsumptionModel.CREDITS ? Money.CREDITS : plan.currency();
            return new PeriodInvoice.SettledShortfall(plan, period.period(), new Money(new BigDecimal(amount), unit));
        });
    }

    /** The wallet unit of the period's model: CREDITS, or the plan currency. */
    private Uni<String> unit(BillingPeriodEntity period) {
        return plans.terms(period.planVersionId).map(plan ->
                plan.model() == ConsumptionModel.CREDITS ? Money.CREDITS : plan.currency());
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a recorded step result is unreadable", e);
        }
    }
}
