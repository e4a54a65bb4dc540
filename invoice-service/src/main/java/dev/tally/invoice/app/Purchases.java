package dev.tally.invoice.app;

import dev.tally.support.error.Reason;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.invoice.client.WalletClient;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.LineType;
import dev.tally.invoice.domain.ModelTerms;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.grpc.InvoiceResponses;
import dev.tally.invoice.store.InvoiceEntity;
import dev.tally.invoice.store.InvoiceRepository;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.PurchaseEntity;
import dev.tally.invoice.store.PurchaseRepository;
import dev.tally.invoice.store.SessionRecords;
import dev.tally.invoice.store.SubscriptionEntity;
import dev.tally.invoice.store.SubscriptionRepository;
import dev.tally.invoice.store.Transactions;
import dev.tally.invoice.v1.PurchaseCreditPackResponse;
import dev.tally.invoice.v1.TopUpResponse;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.idempotency.StoredRecord;
import dev.tally.shared.money.Money;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.TopUpRequest;
import io.grpc.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Credit packs and top-ups: granted in the wallet and invoiced at once, in three steps:
 * <ol>
 * <li>one transaction checks the request and writes the purchase (its key, the exact wallet request
 * it will send, the id of its invoice) with the invoice as a DRAFT;</li>
 * <li>the wallet grant (TopUp, or GrantCredits from source PACK, never expiring), with the idempotency
 * key {@code purchase:<invoice id>};</li>
 * <li>one transaction finalizes the invoice and stores the call's idempotency record.</li>
 * </ol>
 * A crash between the steps is repaired by a retry with the same key (it finds the purchase and
 * goes on from step 2: the wallet replays a grant it already made), or, if the caller never
 * retries, by the billing job after {@code tally.invoice.billing.purchase-repair-delay}.
 */
@ApplicationScoped
public class Purchases {

    public static final String PURCHASE_CREDIT_PACK = "PurchaseCreditPack";
    public static final String TOP_UP = "TopUp";
    static final Replies<PurchaseCreditPackResponse> PACK_REPLIES =
            Replies.of(PurchaseCreditPackResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<TopUpResponse> TOP_UP_REPLIES =
            Replies.of(TopUpResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    private final PurchaseRepository purchases;
    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoices;
    private final Customers customers;
    private final PlanVersions plans;
    private final InvoiceBook book;
    private final WalletClient wallet;
    private final Clock clock;

    Purchases(PurchaseRepository purchases, SubscriptionRepository subscriptions, InvoiceRepository invoices,
              Customers customers, PlanVersions plans, InvoiceBook book, WalletClient wallet, Clock clock) {
        this.purchases = purchases;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.customers = customers;
        this.plans = plans;
        this.book = book;
        this.wallet = wallet;
        this.clock = clock;
    }

    /** PurchaseCreditPack: {@code quantity} packs of the customer's CREDITS plan. */
    public Uni<PurchaseCreditPackResponse> buyPack(String customerId, String packCode, int quantity, RequestKey key) {
        return purchase(key, PACK_REPLIES, () -> activePlan(customerId).flatMap(active -> {
            PlanVersion plan = active.plan();
            if (plan.model() != ConsumptionModel.CREDITS) {
                return Uni.createFrom().failure(modelMismatch(plan, "credit packs need a CREDITS plan"));
            }
            ModelTerms.CreditPack pack = ((ModelTerms.Credits) plan.terms().model()).pack(packCode);
            if (pack == null) {
                return Uni.createFrom().failure(new TallyException(Reason.CREDIT_PACK_NOT_OFFERED, "plan " + plan.planCode() + " offers no credit pack '" + packCode + "'",
                        Map.of("credit_pack_code", packCode, "plan_id", plan.planId()), List.of()));
            }
            String invoiceId = Ids.invoice();
            BigDecimal credits = pack.credits().multiply(BigDecimal.valueOf(quantity));
            InvoiceLine line = InvoiceLine.priced(LineType.CREDIT_PACK, pack.displayName() + " (" + Money.plain(pack.credits())
                    + " credits each, never expire)", null, BigDecimal.valueOf(quantity), pack.price(), null, pack.code(), null);
            GrantCreditsRequest grant = GrantCreditsRequest.newBuilder().setCustomerId(customerId)
                    .setAmount(money(new Money(credits, Money.CREDITS)))
                    .setSource(GrantSource.GRANT_SOURCE_PACK)
                    .setReference(invoiceId)
                    .setDescription(quantity + " × " + pack.displayName())
                    .setIdempotencyKey(walletKey(invoiceId))
                    .build();
            return start(key, active.subscription(), plan, invoiceId, line, grant.toByteArray());
        }));
    }

    /** TopUp: money that never expires, for a customer on a BALANCE plan. */
    public Uni<TopUpResponse> topUp(String customerId, Money amount, RequestKey key) {
        return purchase(key, TOP_UP_REPLIES, () -> activePlan(customerId).flatMap(active -> {
            PlanVersion plan = active.plan();
            if (plan.model() != ConsumptionModel.BALANCE) {
                return Uni.createFrom().failure(modelMismatch(plan, "top-ups need a BALANCE plan"));
            }
            if (!plan.currency().equals(amount.currency())) {
                return Uni.createFrom().failure(new TallyException(Reason.CURRENCY_MISMATCH,
                        "the plan's balance is in " + plan.currency() + ", not " + amount.currency(),
                        Map.of("plan_currency", plan.currency(), "currency", amount.currency()), List.of()));
            }
            String invoiceId = Ids.invoice();
            InvoiceLine line = InvoiceLine.priced(LineType.TOP_UP, "Balance top-up (never expires)", null, BigDecimal.ONE,
                    amount, null, null, null);
            TopUpRequest topUp = TopUpRequest.newBuilder().setCustomerId(customerId).setAmount(money(amount))
                    .setReference(invoiceId).setDescription("Top-up, invoice " + invoiceId)
                    .setIdempotencyKey(walletKey(invoiceId)).build();
            return start(key, active.subscription(), plan, invoiceId, line, topUp.toByteArray());
        }));
    }

    /** Completes a purchase interrupted between its grant and its invoice (the billing job). */
    public Uni<Void> complete(String customerId, String idempotencyKey) {
        return Panache.withSession(() -> purchases.findById(new PurchaseEntity.Key(customerId, idempotencyKey)))
                .flatMap(purchase -> {
                    if (purchase == null || purchase.completeTime != null) {
                        return Uni.createFrom().voidItem();
                    }
                    RequestKey key = new RequestKey(customerId, idempotencyKey, purchase.method, purchase.requestHash);
                    return PURCHASE_CREDIT_PACK.equals(purchase.method)
                            ? grantAndFinish(key, PACK_REPLIES, purchase).replaceWithVoid()
                            : grantAndFinish(key, TOP_UP_REPLIES, purchase).replaceWithVoid();
                });
    }

    private record Active(SubscriptionEntity subscription, PlanVersion plan) {
    }

    /** Step 1 done (or found done), or the call already answered. */
    private record Begun<P>(P replay, PurchaseEntity pending) {
    }

    private <P extends com.google.protobuf.MessageLite> Uni<P> purchase(RequestKey key, Replies<P> replies,
                                                                          java.util.function.Supplier<Uni<PurchaseEntity>> begin) {
        return Transactions.retryOnConflict(() -> SessionRecords.retryOnRace(() -> Panache.withTransaction(
                        () -> begin(key, replies, begin))))
                .onFailure(Transactions.uniqueViolationOn("purchase"))
                .recoverWithUni(() -> Panache.withTransaction(() -> begin(key, replies, begin)))
                .flatMap(begun -> begun.replay() != null ? Uni.createFrom().item(begun.replay())
                        : grantAndFinish(key, replies, begun.pending()));
    }

    /** The stored answer, the purchase already begun with this key, or a new one. */
    private <P extends com.google.protobuf.MessageLite> Uni<Begun<P>> begin(RequestKey key, Replies<P> replies,
                                                                            java.util.function.Supplier<Uni<PurchaseEntity>> begin) {
        return SessionRecords.replayOf(key, replies).flatMap(replay -> {
            if (replay != null) {
                return Uni.createFrom().item(new Begun<>(replay.response(), null));
            }
            return purchases.findById(new PurchaseEntity.Key(key.scope(), key.key()), LockModeType.PESSIMISTIC_WRITE)
                    .flatMap(existing -> {
                        if (existing == null) {
                            return begin.get().map(started -> new Begun<P>(null, started));
                        }
                        if (!key.sameRequestAs(new StoredRecord(existing.method, existing.requestHash, new byte[0],
                                null, existing.createTime))) {
                            return Uni.createFrom().failure(TallyException.idempotencyKeyReused(key.key()));
                        }
                        return Uni.createFrom().item(new Begun<P>(null, existing));
                    });
        });
    }

    /** Step 1: the purchase and its DRAFT invoice. */
    private Uni<PurchaseEntity> start(RequestKey key, SubscriptionEntity sub, PlanVersion plan, String invoiceId,
                                      InvoiceLine line, byte[] walletRequest) {
        Instant now = clock.instant();
        PurchaseEntity purchase = new PurchaseEntity();
        purchase.customerId = key.scope();
        purchase.idempotencyKey = key.key();
        purchase.method = key.method();
        purchase.requestHash = key.payloadHash();
        purchase.request = walletRequest;
        purchase.invoiceId = invoiceId;
        purchase.createTime = now;
        InvoiceEntity invoice = book.header(invoiceId, sub.customerId, sub.subscriptionId, InvoiceKind.PURCHASE,
                plan.currency(), now);
        invoice.planVersionId = sub.planVersionId;
        return book.write(invoice, List.of(line)).chain(() -> purchases.persist(purchase));
    }

    /** Steps 2 and 3: the wallet grant (replayed if already made), then the invoice finalized and the record stored. */
    private <P extends com.google.protobuf.MessageLite> Uni<P> grantAndFinish(RequestKey key, Replies<P> replies,
                                                                                PurchaseEntity purchase) {
        Uni<dev.tally.wallet.v1.Balance> granted = PURCHASE_CREDIT_PACK.equals(purchase.method)
                ? wallet.grantCredits(parse(purchase.request, GrantCreditsRequest.parser()))
                .map(GrantCreditsResponse::getBalance)
                : wallet.topUp(parse(purchase.request, TopUpRequest.parser())).map(r -> r.getBalance());
        return granted.flatMap(balance -> Transactions.retryOnConflict(() -> Panache.withTransaction(
                () -> SessionRecords.replayOf(key, replies).flatMap(replay -> replay != null
                        ? Uni.createFrom().item(replay.response())
                        : purchases.findById(new PurchaseEntity.Key(purchase.customerId, purchase.idempotencyKey),
                                LockModeType.PESSIMISTIC_WRITE).flatMap(row -> invoices.findById(row.invoiceId)
                                .flatMap(invoice -> invoice.status == InvoiceStatus.DRAFT
                                        ? book.finalizeDraft(invoice) : Uni.createFrom().item(invoice))
                                .flatMap(invoice -> {
                                    row.completeTime = clock.instant();
                                    P response = respond(row, invoice, balance);
                                    return SessionRecords.insert(key, replies.serialise(response), invoice.invoiceId,
                                            clock.instant()).replaceWith(response);
                                }))))));
    }

    @SuppressWarnings("unchecked")
    private <P> P respond(PurchaseEntity purchase, InvoiceEntity invoice, dev.tally.wallet.v1.Balance balance) {
        if (PURCHASE_CREDIT_PACK.equals(purchase.method)) {
            GrantCreditsRequest grant = parse(purchase.request, GrantCreditsRequest.parser());
            return (P) PurchaseCreditPackResponse.newBuilder()
                    .setInvoice(InvoiceResponses.invoice(invoice))
                    .setCreditsGranted(grant.getAmount())
                    .setCreditsAvailable(balance.getAvailable())
                    .build();
        }
        return (P) TopUpResponse.newBuilder()
                .setInvoice(InvoiceResponses.invoice(invoice))
                .setBalanceAvailable(balance.getAvailable())
                .build();
    }

    private Uni<Active> activePlan(String customerId) {
        return customers.existing(customerId).flatMap(customer -> subscriptions.live(customerId)).flatMap(sub -> {
            if (sub == null || sub.status != SubscriptionStatus.ACTIVE) {
                return Uni.createFrom().failure(new TallyException(Reason.NO_ACTIVE_SUBSCRIPTION, "customer " + customerId + " has no active subscription",
                        Map.of("customer_id", customerId), List.of()));
            }
            return plans.terms(sub.planVersionId).map(plan -> new Active(sub, plan));
        });
    }

    static String walletKey(String invoiceId) {
        return "purchase:" + invoiceId;
    }

    private static TallyException modelMismatch(PlanVersion plan, String why) {
        return new TallyException(Reason.CONSUMPTION_MODEL_MISMATCH,
                why + "; plan " + plan.planCode() + " is " + plan.model(),
                Map.of("plan_id", plan.planId(), "consumption_model", plan.model().name()), List.of());
    }

    private static dev.tally.common.v1.Money money(Money money) {
        return dev.tally.common.v1.Money.newBuilder().setAmount(money.amountText()).setCurrencyCode(money.currency()).build();
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored wallet request is unreadable", e);
        }
    }
}
