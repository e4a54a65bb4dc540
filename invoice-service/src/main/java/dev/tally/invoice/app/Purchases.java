package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.LineType;
import dev.tally.invoice.domain.ModelTerms;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.Purchase;
import dev.tally.invoice.domain.PurchaseGrant;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.InvoiceStore;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.PurchaseStore;
import dev.tally.invoice.store.SubscriptionStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.idempotency.StoredRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Credit packs and top-ups: granted in the wallet and invoiced at once, in three steps:
 * <ol>
 * <li>one transaction checks the request and writes the purchase (its key, the exact wallet grant
 * it will send, the id of its invoice) with the invoice as a DRAFT;</li>
 * <li>the wallet grant (TopUp, or GrantCredits from source PACK, never expiring), with the idempotency
 * key {@code purchase:<invoice id>};</li>
 * <li>one transaction finalizes the invoice and stores the call's idempotency record.</li>
 * </ol>
 * A crash between the steps is repaired by a retry with the same key (it finds the purchase and
 * goes on from step 2: the wallet replays a grant it already made), or, if the caller never
 * retries, by the billing job after {@code tally.invoice.billing.purchase-repair-delay}: the reply
 * it stores for a later retry is the one the RPC would have given ({@link Answers}).
 */
@ApplicationScoped
public class Purchases {

    /** The RPCs that make purchases, as their records and idempotency keys name them. */
    public static final String PURCHASE_CREDIT_PACK = "PurchaseCreditPack";

    public static final String TOP_UP = "TopUp";

    /** A completed purchase: its FINALIZED invoice, what was granted, and what is available after it (null: unknown). */
    public record Completed(Invoice invoice, PurchaseGrant grant, Money available) {}

    /** How a purchase RPC answers: its response to a completed purchase, and how that is stored and replayed. */
    public record Answer<P extends MessageLite>(Replies<P> replies, Function<Completed, P> respond) {}

    /**
     * The answer of each purchase RPC, for the purchases the billing job completes on the caller's
     * behalf (a later retry replays what the RPC would have answered). Implemented where the
     * responses are built: the grpc layer.
     */
    public interface Answers {

        /** The answer of the RPC {@code method} ({@link #PURCHASE_CREDIT_PACK} or {@link #TOP_UP}). */
        Answer<?> of(String method);
    }

    private final PurchaseStore purchases;
    private final SubscriptionStore subscriptions;
    private final InvoiceStore invoices;
    private final PlanStore plans;
    private final Customers customers;
    private final InvoiceBook book;
    private final IdempotentCalls calls;
    private final WalletClient wallet;
    private final Answers answers;
    private final Clock clock;

    Purchases(
            PurchaseStore purchases,
            SubscriptionStore subscriptions,
            InvoiceStore invoices,
            PlanStore plans,
            Customers customers,
            InvoiceBook book,
            IdempotentCalls calls,
            WalletClient wallet,
            Answers answers,
            Clock clock) {
        this.purchases = purchases;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.plans = plans;
        this.customers = customers;
        this.book = book;
        this.calls = calls;
        this.wallet = wallet;
        this.answers = answers;
        this.clock = clock;
    }

    /** PurchaseCreditPack: {@code quantity} packs of the customer's CREDITS plan. */
    public <P extends MessageLite> Uni<P> buyPack(
            String customerId, String packCode, int quantity, RequestKey key, Answer<P> answer) {
        return purchase(
                key,
                answer,
                () -> activePlan(customerId).flatMap(active -> {
                    PlanVersion plan = active.plan();
                    if (plan.model() != ConsumptionModel.CREDITS) {
                        return Uni.createFrom().failure(modelMismatch(plan, "credit packs need a CREDITS plan"));
                    }
                    ModelTerms.CreditPack pack =
                            ((ModelTerms.Credits) plan.terms().model()).pack(packCode);
                    if (pack == null) {
                        return Uni.createFrom()
                                .failure(new TallyException(
                                        Reason.CREDIT_PACK_NOT_OFFERED,
                                        "plan " + plan.planCode() + " offers no credit pack '" + packCode + "'",
                                        Map.of("credit_pack_code", packCode, "plan_id", plan.planId()),
                                        List.of()));
                    }
                    String invoiceId = Ids.invoice();
                    InvoiceLine line = InvoiceLine.priced(
                            LineType.CREDIT_PACK,
                            pack.displayName() + " (" + Money.plain(pack.credits()) + " credits each, never expire)",
                            null,
                            BigDecimal.valueOf(quantity),
                            pack.price(),
                            null,
                            pack.code(),
                            active.subscription().currentPeriod());
                    PurchaseGrant grant = new PurchaseGrant(
                            PurchaseGrant.Kind.CREDIT_PACK,
                            customerId,
                            new Money(pack.credits().multiply(BigDecimal.valueOf(quantity)), Money.CREDITS),
                            invoiceId,
                            quantity + " × " + pack.displayName(),
                            walletKey(invoiceId));
                    return start(key, active.subscription(), plan, invoiceId, line, grant);
                }));
    }

    /** TopUp: money that never expires, for a customer on a BALANCE plan. */
    public <P extends MessageLite> Uni<P> topUp(String customerId, Money amount, RequestKey key, Answer<P> answer) {
        return purchase(
                key,
                answer,
                () -> activePlan(customerId).flatMap(active -> {
                    PlanVersion plan = active.plan();
                    if (plan.model() != ConsumptionModel.BALANCE) {
                        return Uni.createFrom().failure(modelMismatch(plan, "top-ups need a BALANCE plan"));
                    }
                    if (!plan.currency().equals(amount.currency())) {
                        return Uni.createFrom()
                                .failure(new TallyException(
                                        Reason.CURRENCY_MISMATCH,
                                        "the plan's balance is in " + plan.currency() + ", not " + amount.currency(),
                                        Map.of("plan_currency", plan.currency(), "currency", amount.currency()),
                                        List.of()));
                    }
                    String invoiceId = Ids.invoice();
                    InvoiceLine line = InvoiceLine.priced(
                            LineType.TOP_UP,
                            "Balance top-up (never expires)",
                            null,
                            BigDecimal.ONE,
                            amount,
                            null,
                            null,
                            active.subscription().currentPeriod());
                    PurchaseGrant grant = new PurchaseGrant(
                            PurchaseGrant.Kind.TOP_UP,
                            customerId,
                            amount,
                            invoiceId,
                            "Top-up, invoice " + invoiceId,
                            walletKey(invoiceId));
                    return start(key, active.subscription(), plan, invoiceId, line, grant);
                }));
    }

    /** Completes a purchase interrupted between its grant and its invoice (the billing job). */
    public Uni<Void> complete(String customerId, String idempotencyKey) {
        return Transactions.inSession(() -> purchases.find(customerId, idempotencyKey, false))
                .flatMap(purchase -> {
                    if (purchase == null || purchase.isComplete()) {
                        return Uni.createFrom().voidItem();
                    }
                    RequestKey key =
                            new RequestKey(customerId, idempotencyKey, purchase.method(), purchase.requestHash());
                    return grantAndFinish(key, purchase, answers.of(purchase.method()))
                            .replaceWithVoid();
                });
    }

    private record Active(Subscription subscription, PlanVersion plan) {}

    /** Step 1 done (or found done), or the call already answered. */
    private record Begun<P>(P replay, Purchase pending) {}

    private <P extends MessageLite> Uni<P> purchase(RequestKey key, Answer<P> answer, Supplier<Uni<Purchase>> begin) {
        return Transactions.retryOnConflict(() ->
                        calls.retryOnRace(() -> Transactions.inTransaction(() -> begin(key, answer.replies(), begin))))
                .onFailure(Transactions.uniqueViolationOn("purchase"))
                .recoverWithUni(() -> Transactions.inTransaction(() -> begin(key, answer.replies(), begin)))
                .flatMap(begun -> begun.replay() != null
                        ? Uni.createFrom().item(begun.replay())
                        : grantAndFinish(key, begun.pending(), answer));
    }

    /** The stored answer, the purchase already begun with this key, or a new one. */
    private <P extends MessageLite> Uni<Begun<P>> begin(
            RequestKey key, Replies<P> replies, Supplier<Uni<Purchase>> begin) {
        return calls.replayOf(key, replies).flatMap(replay -> {
            if (replay != null) {
                return Uni.createFrom().item(new Begun<>(replay.response(), null));
            }
            return purchases.find(key.scope(), key.key(), true).flatMap(existing -> {
                if (existing == null) {
                    return begin.get().map(started -> new Begun<P>(null, started));
                }
                if (!key.sameRequestAs(new StoredRecord(
                        existing.method(), existing.requestHash(), new byte[0], null, existing.createTime()))) {
                    return Uni.createFrom().failure(TallyException.idempotencyKeyReused(key.key()));
                }
                return Uni.createFrom().item(new Begun<P>(null, existing));
            });
        });
    }

    /** Step 1: the purchase and its DRAFT invoice. */
    private Uni<Purchase> start(
            RequestKey key,
            Subscription sub,
            PlanVersion plan,
            String invoiceId,
            InvoiceLine line,
            PurchaseGrant grant) {
        Instant now = clock.instant();
        Purchase purchase = new Purchase(
                key.scope(), key.key(), key.method(), key.payloadHash(), wallet.encode(grant), invoiceId, now, null);
        Invoice invoice = Invoice.draft(
                        invoiceId, sub.customerId(), sub.subscriptionId(), InvoiceKind.PURCHASE, plan.currency(), now)
                .forPlan(sub.plan())
                .withLines(List.of(line));
        return book.write(invoice).chain(() -> purchases.insert(purchase)).replaceWith(purchase);
    }

    /**
     * Steps 2 and 3: the wallet grant (replayed if already made), then the invoice finalized and the
     * answer stored; the stored answer when another call completed the purchase first.
     */
    private <P extends MessageLite> Uni<P> grantAndFinish(RequestKey key, Purchase purchase, Answer<P> answer) {
        PurchaseGrant.Kind kind = kind(purchase.method());
        return wallet.grant(kind, purchase.grant())
                .flatMap(available -> Transactions.retryOnConflict(() ->
                        Transactions.inTransaction(() -> calls.replayOf(key, answer.replies())
                                .flatMap(replay -> replay != null
                                        ? Uni.createFrom().item(replay.response())
                                        : purchases
                                                .find(purchase.customerId(), purchase.idempotencyKey(), true)
                                                .flatMap(row -> invoices.find(row.invoiceId())
                                                        .flatMap(invoice -> invoice.status() == InvoiceStatus.DRAFT
                                                                ? book.finalizeDraft(invoice)
                                                                : Uni.createFrom()
                                                                        .item(invoice))
                                                        .flatMap(invoice -> {
                                                            P response = answer.respond()
                                                                    .apply(new Completed(
                                                                            invoice,
                                                                            wallet.decode(kind, row.grant()),
                                                                            available));
                                                            return purchases
                                                                    .complete(row.completed(clock.instant()))
                                                                    .chain(() -> calls.store(
                                                                            key,
                                                                            answer.replies(),
                                                                            response,
                                                                            invoice.invoiceId()))
                                                                    .replaceWith(response);
                                                        }))))));
    }

    private Uni<Active> activePlan(String customerId) {
        return customers
                .existing(customerId)
                .flatMap(customer -> subscriptions.live(customerId))
                .flatMap(sub -> {
                    if (sub == null || sub.status() != SubscriptionStatus.ACTIVE) {
                        return Uni.createFrom().failure(Invoices.noActiveSubscription(customerId));
                    }
                    return plans.terms(sub.plan()).map(plan -> new Active(sub, plan));
                });
    }

    private static PurchaseGrant.Kind kind(String method) {
        return PURCHASE_CREDIT_PACK.equals(method) ? PurchaseGrant.Kind.CREDIT_PACK : PurchaseGrant.Kind.TOP_UP;
    }

    static String walletKey(String invoiceId) {
        return "purchase:" + invoiceId;
    }

    private static TallyException modelMismatch(PlanVersion plan, String why) {
        return new TallyException(
                Reason.CONSUMPTION_MODEL_MISMATCH,
                why + "; plan " + plan.planCode() + " is " + plan.model(),
                Map.of(
                        "plan_id",
                        plan.planId(),
                        "consumption_model",
                        plan.model().name()),
                List.of());
    }
}
