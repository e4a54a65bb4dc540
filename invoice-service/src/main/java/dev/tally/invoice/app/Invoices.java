package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.client.UsageClient;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.PeriodInvoice;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.InvoiceStore;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.SubscriptionStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
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

/** Invoices: reading, the lifecycle (finalize, void with a credit note, paid), and the live preview. */
@ApplicationScoped
public class Invoices {

    /** A preview: the invoice closing the open period now, and when its usage was read. */
    public record Preview(
            String customerId,
            String subscriptionId,
            PlanVersion plan,
            Period period,
            List<InvoiceLine> lines,
            Instant readTime) {}

    /** A voided invoice and the credit note cancelling it (null for a voided DRAFT). */
    public record Voided(Invoice invoice, Invoice creditNote) {}

    private final InvoiceStore invoices;
    private final SubscriptionStore subscriptions;
    private final Customers customers;
    private final PlanStore plans;
    private final InvoiceBook book;
    private final IdempotentCalls calls;
    private final WalletClient wallet;
    private final UsageClient usage;
    private final Clock clock;

    Invoices(
            InvoiceStore invoices,
            SubscriptionStore subscriptions,
            Customers customers,
            PlanStore plans,
            InvoiceBook book,
            IdempotentCalls calls,
            WalletClient wallet,
            UsageClient usage,
            Clock clock) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.plans = plans;
        this.book = book;
        this.calls = calls;
        this.wallet = wallet;
        this.usage = usage;
        this.clock = clock;
    }

    public Uni<Invoice> get(String invoiceId) {
        return Transactions.inSession(() -> existing(invoiceId));
    }

    /** Newest first, filtered (null: any), after the invoice {@code afterId} (null: from the newest). */
    public Uni<List<Invoice>> list(
            String customerId,
            String subscriptionId,
            InvoiceStatus status,
            InvoiceKind kind,
            Period period,
            String afterId,
            int limit) {
        return Transactions.inSession(
                () -> invoices.page(customerId, subscriptionId, status, kind, period, afterId, limit));
    }

    /** DRAFT → FINALIZED with the next number of the year. A period invoice must be complete (its period closed). */
    public <P extends MessageLite> Uni<Reply<P>> finalizeInvoice(
            String invoiceId, Function<String, RequestKey> keyFor, Replies<P> replies, Function<Invoice, P> respond) {
        return calls.onceFor(
                () -> existing(invoiceId).map(Invoice::customerId),
                keyFor,
                replies,
                () -> existing(invoiceId).flatMap(invoice -> {
                    invoice.requireFinalizable();
                    return book.finalizeDraft(invoice).map(respond);
                }));
    }

    /**
     * DRAFT or FINALIZED → VOID; a FINALIZED invoice gets a FINALIZED credit note with its lines
     * negated (its own number), and keeps its number.
     */
    public <P extends MessageLite> Uni<Reply<P>> voidInvoice(
            String invoiceId,
            String reason,
            Function<String, RequestKey> keyFor,
            Replies<P> replies,
            Function<Voided, P> respond) {
        return calls.onceFor(
                () -> existing(invoiceId).map(Invoice::customerId),
                keyFor,
                replies,
                () -> existing(invoiceId).flatMap(invoice -> {
                    invoice.requireVoidable();
                    Instant now = clock.instant();
                    if (invoice.status() != InvoiceStatus.FINALIZED) {
                        Invoice voided = invoice.voided(now, reason, null);
                        return invoices.update(voided).map(ignored -> respond.apply(new Voided(voided, null)));
                    }
                    Invoice voided = invoice.voided(now, reason, Ids.invoice());
                    return invoices.update(voided)
                            .chain(() -> book.creditNote(voided, voided.creditNoteInvoiceId()))
                            .map(note -> respond.apply(new Voided(voided, note)));
                }));
    }

    /** FINALIZED → PAID. */
    public <P extends MessageLite> Uni<Reply<P>> markPaid(
            String invoiceId,
            Instant payTime,
            String reference,
            Function<String, RequestKey> keyFor,
            Replies<P> replies,
            Function<Invoice, P> respond) {
        return calls.onceFor(
                () -> existing(invoiceId).map(Invoice::customerId),
                keyFor,
                replies,
                () -> existing(invoiceId).flatMap(invoice -> {
                    invoice.requirePayable();
                    Invoice paid = invoice.paid(payTime == null ? clock.instant() : payTime, reference);
                    return invoices.update(paid).map(ignored -> respond.apply(paid));
                }));
    }

    /**
     * What closing the customer's open period now would bill: the next period's base price (unless
     * the subscription ends with this period) and the usage so far: METERED overage from
     * usage-service's totals, CREDITS/BALANCE the wallet's outstanding shortfall now. Nothing is stored.
     */
    public Uni<Preview> upcoming(String customerId) {
        Instant now = clock.instant();
        return Transactions.inSession(() -> customers
                .existing(customerId)
                .flatMap(c -> subscriptions.live(customerId))
                .flatMap(sub -> {
                    if (sub == null || sub.status() != SubscriptionStatus.ACTIVE) {
                        return Uni.createFrom().failure(noActiveSubscription(customerId));
                    }
                    return plans.terms(sub.plan())
                            .flatMap(plan -> nextBase(sub, plan)
                                    .flatMap(next -> usageSoFar(sub, plan)
                                            .map(ended -> new Preview(
                                                    customerId,
                                                    sub.subscriptionId(),
                                                    next == null ? plan : next.plan(),
                                                    next == null ? ended.period() : next.period(),
                                                    PeriodInvoice.closing(next, ended),
                                                    now))));
                }));
    }

    static TallyException noActiveSubscription(String customerId) {
        return new TallyException(
                Reason.NO_ACTIVE_SUBSCRIPTION,
                "customer " + customerId + " has no active subscription",
                Map.of("customer_id", customerId),
                List.of());
    }

    private Uni<PeriodInvoice.NextBase> nextBase(Subscription sub, PlanVersion current) {
        if (sub.cancelAtPeriodEnd()) {
            return Uni.createFrom().nullItem();
        }
        return plans.terms(sub.nextPlan())
                .map(next -> new PeriodInvoice.NextBase(
                        next,
                        sub.nextPeriod(current.terms().interval(), next.terms().interval())));
    }

    private Uni<PeriodInvoice.EndedUsage> usageSoFar(Subscription sub, PlanVersion plan) {
        Period open = sub.currentPeriod();
        if (plan.model() == ConsumptionModel.METERED) {
            return usage.periodUsage(sub.customerId(), open.start())
                    .map(report -> new PeriodInvoice.MeteredUsage(plan, open, report.usedUnits()));
        }
        String unit = plan.model() == ConsumptionModel.CREDITS ? Money.CREDITS : plan.currency();
        return wallet.shortfall(sub.customerId(), unit)
                .map(shortfall -> new PeriodInvoice.SettledShortfall(plan, open, shortfall));
    }

    Uni<Invoice> existing(String invoiceId) {
        return invoices.find(invoiceId)
                .onItem()
                .ifNull()
                .failWith(() -> new TallyException(
                        Reason.RESOURCE_NOT_FOUND,
                        "invoice " + invoiceId + " does not exist",
                        Map.of("invoice_id", invoiceId)));
    }
}
