package dev.tally.invoice.app;

import dev.tally.support.error.Reason;
import com.google.protobuf.MessageLite;
import dev.tally.invoice.client.UsageClient;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.domain.BillingPeriods;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.shared.plan.Period;
import dev.tally.invoice.domain.PeriodInvoice;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.InvoiceEntity;
import dev.tally.invoice.store.InvoiceRepository;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.SubscriptionEntity;
import dev.tally.invoice.store.SubscriptionRepository;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.shared.money.Money;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import io.grpc.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Invoices: reading, the lifecycle (finalize, void with a credit note, paid), and the live preview. */
@ApplicationScoped
public class Invoices {

    /** A preview: the invoice closing the open period now, and when its usage was read. */
    public record Preview(String customerId, String subscriptionId, PlanVersion plan, Period period,
                          List<InvoiceLine> lines, Instant readTime) {
    }

    /** A voided invoice and the credit note cancelling it (null for a voided DRAFT). */
    public record Voided(InvoiceEntity invoice, InvoiceEntity creditNote) {
    }

    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final Customers customers;
    private final PlanVersions plans;
    private final InvoiceBook book;
    private final WalletClient wallet;
    private final UsageClient usage;
    private final Clock clock;

    Invoices(InvoiceRepository invoices, SubscriptionRepository subscriptions, Customers customers, PlanVersions plans,
             InvoiceBook book, WalletClient wallet, UsageClient usage, Clock clock) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.plans = plans;
        this.book = book;
        this.wallet = wallet;
        this.usage = usage;
        this.clock = clock;
    }

    public Uni<InvoiceEntity> get(String invoiceId) {
        return Panache.withSession(() -> existing(invoiceId));
    }

    public Uni<List<InvoiceEntity>> list(String customerId, String subscriptionId, InvoiceStatus status, InvoiceKind kind,
                                         Instant afterTime, String afterId, int limit) {
        return Panache.withSession(() -> invoices.page(customerId, subscriptionId, status, kind, afterTime, afterId, limit));
    }

    /** DRAFT → FINALIZED with the next number of the year. A period invoice must be complete (its period closed). */
    public <P extends MessageLite> Uni<Reply<P>> finalizeInvoice(String invoiceId, Function<String, RequestKey> keyFor,
                                                                 Replies<P> replies, Function<InvoiceEntity, P> respond) {
        return Transactions.onceFor(() -> existing(invoiceId).map(i -> i.customerId), keyFor, replies, clock,
                () -> existing(invoiceId).flatMap(invoice -> {
                    if (!invoice.status.canFinalize()) {
                        return Uni.createFrom().failure(invalidState(invoice, "only a DRAFT can be finalized"));
                    }
                    requireComplete(invoice);
                    return book.finalizeDraft(invoice).map(respond);
                }));
    }

    /**
     * DRAFT or FINALIZED → VOID; a FINALIZED invoice gets a FINALIZED credit note with its lines
     * negated (its own number), and keeps its number.
     */
    public <P extends MessageLite> Uni<Reply<P>> voidInvoice(String invoiceId, String reason,
                                                             Function<String, RequestKey> keyFor, Replies<P> replies,
                                                             Function<Voided, P> respond) {
        return Transactions.onceFor(() -> existing(invoiceId).map(i -> i.customerId), keyFor, replies, clock,
                () -> existing(invoiceId).flatMap(invoice -> {
                    if (invoice.kind == InvoiceKind.CREDIT_NOTE || !invoice.status.canVoid()) {
                        return Uni.createFrom().failure(invalidState(invoice,
                                "only a DRAFT or FINALIZED invoice (not a credit note) can be voided"));
                    }
                    requireComplete(invoice);
                    boolean finalized = invoice.status == InvoiceStatus.FINALIZED;
                    invoice.status = InvoiceStatus.VOID;
                    invoice.voidTime = clock.instant();
                    invoice.voidReason = reason;
                    if (!finalized) {
                        return invoices.flush().map(ignored -> respond.apply(new Voided(invoice, null)));
                    }
                    String noteId = Ids.invoice();
                    invoice.creditNoteInvoiceId = noteId;
                    return invoices.flush().chain(() -> book.creditNote(invoice, noteId))
                            .map(note -> respond.apply(new Voided(invoice, note)));
                }));
    }

    /** FINALIZED → PAID. */
    public <P extends MessageLite> Uni<Reply<P>> markPaid(String invoiceId, Instant payTime, String reference,
                                                          Function<String, RequestKey> keyFor, Replies<P> replies,
                                                          Function<InvoiceEntity, P> respond) {
        return Transactions.onceFor(() -> existing(invoiceId).map(i -> i.customerId), keyFor, replies, clock,
                () -> existing(invoiceId).flatMap(invoice -> {
                    if (!invoice.status.canPay()) {
                        return Uni.createFrom().failure(invalidState(invoice, "only a FINALIZED invoice can be paid"));
                    }
                    invoice.status = InvoiceStatus.PAID;
                    invoice.payTime = payTime == null ? clock.instant() : payTime;
                    invoice.paymentReference = reference;
                    return invoices.flush().map(ignored -> respond.apply(invoice));
                }));
    }

    /**
     * What closing the customer's open period now would bill: the next period's base price (unless
     * the subscription ends with this period) and the usage so far: METERED overage from
     * usage-service's totals, CREDITS/BALANCE the wallet's outstanding shortfall now. Nothing is stored.
     */
    public Uni<Preview> upcoming(String customerId) {
        Instant now = clock.instant();
        return Panache.withSession(() -> customers.existing(customerId).flatMap(c -> subscriptions.live(customerId))
                .flatMap(sub -> {
                    if (sub == null || sub.status != SubscriptionStatus.ACTIVE) {
                        return Uni.createFrom().failure(new TallyException(Reason.NO_ACTIVE_SUBSCRIPTION, "customer " + customerId + " has no active subscription",
                                Map.of("customer_id", customerId), List.of()));
                    }
                    return plans.terms(sub.planVersionId).flatMap(plan -> nextBase(sub, plan)
                            .flatMap(next -> usageSoFar(sub, plan).map(ended -> new Preview(customerId,
                                    sub.subscriptionId, next == null ? plan : next.plan(),
                                    next == null ? ended.period() : next.period(),
                                    PeriodInvoice.closing(next, ended), now))));
                }));
    }

    private Uni<PeriodInvoice.NextBase> nextBase(SubscriptionEntity sub, PlanVersion current) {
        if (sub.cancelAtPeriodEnd) {
            return Uni.createFrom().nullItem();
        }
        String target = sub.scheduledPlanVersionId == null ? sub.planVersionId : sub.scheduledPlanVersionId;
        return plans.terms(target).map(next -> {
            boolean sameInterval = next.terms().interval() == current.terms().interval();
            Instant anchor = sameInterval ? sub.anchorTime : sub.currentPeriodEnd;
            long index = sameInterval ? sub.currentPeriodIndex + 1L - sub.anchorPeriodIndex : 0;
            return new PeriodInvoice.NextBase(next, BillingPeriods.period(anchor, next.terms().interval(), index));
        });
    }

    private Uni<PeriodInvoice.EndedUsage> usageSoFar(SubscriptionEntity sub, PlanVersion plan) {
        Period open = new Period(sub.currentPeriodStart, sub.currentPeriodEnd);
        if (plan.model() == ConsumptionModel.METERED) {
            return usage.getUsage(GetUsageRequest.newBuilder().setCustomerId(sub.customerId)
                    .setPeriodTime(ProtoTime.timestamp(open.start())).build())
                    .map(response -> new PeriodInvoice.MeteredUsage(plan, open, UsageClient.unitsByFeature(response)));
        }
        String unit = plan.model() == ConsumptionModel.CREDITS ? Money.CREDITS : plan.currency();
        return wallet.getBalance(GetBalanceRequest.newBuilder().setCustomerId(sub.customerId).setCurrencyCode(unit).build())
                .map(response -> response.getBalancesCount() == 0 ? "0" : response.getBalances(0).getShortfall().getAmount())
                .onFailure(e -> e instanceof io.grpc.StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
                .recoverWithItem("0")
                .map(shortfall -> new PeriodInvoice.SettledShortfall(plan, open,
                        new Money(new BigDecimal(shortfall.isEmpty() ? "0" : shortfall), unit)));
    }

    Uni<InvoiceEntity> existing(String invoiceId) {
        return invoices.findById(invoiceId).onItem().ifNull().failWith(() -> new TallyException(Reason.RESOURCE_NOT_FOUND, "invoice " + invoiceId + " does not exist", Map.of("invoice_id", invoiceId)));
    }

    private static void requireComplete(InvoiceEntity invoice) {
        if (!invoice.complete) {
            throw new TallyException(Reason.INVALID_STATE, "invoice " + invoice.invoiceId
                    + " closes a period that is still open or in its grace window; it is completed and finalized"
                    + " when the period closes");
        }
    }

    private static TallyException invalidState(InvoiceEntity invoice, String rule) {
        return new TallyException(Reason.INVALID_STATE, "invoice " + invoice.invoiceId
                + " is " + (invoice.kind == InvoiceKind.CREDIT_NOTE ? "a credit note, " : "") + invoice.status + ": " + rule,
                Map.of("invoice_id", invoice.invoiceId, "status", invoice.status.name()), List.of());
    }
}
