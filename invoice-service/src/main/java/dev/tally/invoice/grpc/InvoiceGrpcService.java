package dev.tally.invoice.grpc;

import dev.tally.invoice.app.Customers;
import dev.tally.invoice.app.Entitlements;
import dev.tally.invoice.app.Invoices;
import dev.tally.invoice.app.Plans;
import dev.tally.invoice.app.Purchases;
import dev.tally.invoice.app.Subscriptions;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.v1.*;
import dev.tally.support.auth.Scopes;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.server.ShutdownSignal;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The invoice-service gRPC API ({@code tally.invoice.v1.InvoiceService}): each RPC validates its
 * request into a command ({@code *Requests}), runs the use case ({@code dev.tally.invoice.app}) and
 * maps the result ({@code *Responses}). Every mutating call is idempotent: its key is scoped to the
 * customer it acts on, or to the service for plans and CreateCustomer; the response the use case
 * stores for replays is rendered by the {@code *Responses} function passed in.
 */
@GrpcService
public class InvoiceGrpcService extends MutinyInvoiceServiceGrpc.InvoiceServiceImplBase {

    private final Plans plans;
    private final Customers customers;
    private final Subscriptions subscriptions;
    private final Purchases purchases;
    private final Invoices invoices;
    private final Entitlements entitlements;
    private final ShutdownSignal shutdown;
    private final InvoiceConfig config;
    private final Clock clock;

    InvoiceGrpcService(
            Plans plans,
            Customers customers,
            Subscriptions subscriptions,
            Purchases purchases,
            Invoices invoices,
            Entitlements entitlements,
            ShutdownSignal shutdown,
            InvoiceConfig config,
            Clock clock) {
        this.plans = plans;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.purchases = purchases;
        this.invoices = invoices;
        this.entitlements = entitlements;
        this.shutdown = shutdown;
        this.config = config;
        this.clock = clock;
    }

    // ---------------------------------------------------------------------------------------- plans

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CreatePlanResponse> createPlan(CreatePlanRequest request) {
        return validated(() -> PlanRequests.create(request))
                .flatMap(c -> plans.create(c.command(), c.key(), PlanResponses.CREATE, PlanResponses::created))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetPlanResponse> getPlan(GetPlanRequest request) {
        return validated(() -> PlanRequests.get(request))
                .flatMap(get -> plans.get(get.planId(), get.version()))
                .map(PlanResponses::got);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListPlansResponse> listPlans(ListPlansRequest request) {
        return validated(() -> PlanRequests.list(request))
                .flatMap(list -> plans.list(
                                list.filter().planCode(),
                                list.filter().includeArchived(),
                                list.filter().allVersions(),
                                list.after(),
                                list.fetchSize())
                        .map(found -> PlanResponses.list(found, list)));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<UpdatePlanResponse> updatePlan(UpdatePlanRequest request) {
        return validated(() -> PlanRequests.update(request))
                .flatMap(c -> plans.update(c.command(), c.key(), PlanResponses.UPDATE, PlanResponses::updated))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<ArchivePlanResponse> archivePlan(ArchivePlanRequest request) {
        return validated(() -> PlanRequests.archive(request))
                .flatMap(c -> plans.archive(c.command(), c.key(), PlanResponses.ARCHIVE, PlanResponses::archived))
                .map(Reply::response);
    }

    // ------------------------------------------------------------------------------------ customers

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CreateCustomerResponse> createCustomer(CreateCustomerRequest request) {
        return validated(() -> CustomerRequests.create(request))
                .flatMap(c ->
                        customers.create(c.command(), c.key(), CustomerResponses.CREATE, CustomerResponses::created))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetCustomerResponse> getCustomer(GetCustomerRequest request) {
        return validated(() -> CustomerRequests.get(request))
                .flatMap(customers::get)
                .map(CustomerResponses::got);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListCustomersResponse> listCustomers(ListCustomersRequest request) {
        return validated(() -> CustomerRequests.list(request))
                .flatMap(list -> customers
                        .list(list.filter(), list.after(), list.fetchSize())
                        .map(found -> CustomerResponses.list(found, list)));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<UpdateCustomerResponse> updateCustomer(UpdateCustomerRequest request) {
        return validated(() -> CustomerRequests.update(request))
                .flatMap(c ->
                        customers.update(c.command(), c.key(), CustomerResponses.UPDATE, CustomerResponses::updated))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<ArchiveCustomerResponse> archiveCustomer(ArchiveCustomerRequest request) {
        return validated(() -> CustomerRequests.archive(request))
                .flatMap(c ->
                        customers.archive(c.command(), c.key(), CustomerResponses.ARCHIVE, CustomerResponses::archived))
                .map(Reply::response);
    }

    // -------------------------------------------------------------------------------- subscriptions

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CreateSubscriptionResponse> createSubscription(CreateSubscriptionRequest request) {
        return validated(() -> SubscriptionRequests.create(request, clock.instant(), config.maxStartBackdate()))
                .flatMap(c -> subscriptions.create(
                        c.command(), c.key(), SubscriptionResponses.CREATE, SubscriptionResponses::created))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetSubscriptionResponse> getSubscription(GetSubscriptionRequest request) {
        return validated(() -> SubscriptionRequests.get(request))
                .flatMap(subscriptions::get)
                .map(SubscriptionResponses::got);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListSubscriptionsResponse> listSubscriptions(ListSubscriptionsRequest request) {
        return validated(() -> SubscriptionRequests.list(request))
                .flatMap(list -> subscriptions
                        .list(
                                list.filter().customerId(),
                                list.filter().planId(),
                                list.filter().status(),
                                list.after(),
                                list.fetchSize())
                        .map(found -> SubscriptionResponses.list(found, list)));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<UpdateSubscriptionResponse> updateSubscription(UpdateSubscriptionRequest request) {
        return validated(() -> SubscriptionRequests.update(request))
                .flatMap(c -> subscriptions.changePlan(
                        c.command(), c.keyFor(), SubscriptionResponses.UPDATE, SubscriptionResponses::updated))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CancelSubscriptionResponse> cancelSubscription(CancelSubscriptionRequest request) {
        return validated(() -> SubscriptionRequests.cancel(request))
                .flatMap(c -> subscriptions.cancel(
                        c.command().subscriptionId(),
                        c.command().immediately(),
                        c.keyFor(),
                        SubscriptionResponses.CANCEL,
                        SubscriptionResponses::canceled))
                .map(Reply::response);
    }

    // ------------------------------------------------------------------------------------ purchases

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<PurchaseCreditPackResponse> purchaseCreditPack(PurchaseCreditPackRequest request) {
        return validated(() -> InvoiceRequests.packPurchase(request))
                .flatMap(c -> purchases.buyPack(
                        c.command().customerId(),
                        c.command().packCode(),
                        c.command().quantity(),
                        c.key(),
                        PurchaseResponses.PACK));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<TopUpResponse> topUp(TopUpRequest request) {
        return validated(() -> InvoiceRequests.topUp(request))
                .flatMap(c -> purchases.topUp(
                        c.command().customerId(), c.command().amount(), c.key(), PurchaseResponses.TOP_UP));
    }

    // ------------------------------------------------------------------------------------- invoices

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetUpcomingInvoiceResponse> getUpcomingInvoice(GetUpcomingInvoiceRequest request) {
        return validated(() -> InvoiceRequests.upcoming(request))
                .flatMap(invoices::upcoming)
                .map(InvoiceResponses::upcoming);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListInvoicesResponse> listInvoices(ListInvoicesRequest request) {
        return validated(() -> InvoiceRequests.list(request))
                .flatMap(list -> invoices.list(
                                list.filter().customerId(),
                                list.filter().subscriptionId(),
                                list.filter().status(),
                                list.filter().kind(),
                                list.filter().period(),
                                list.after(),
                                list.fetchSize())
                        .map(found -> InvoiceResponses.list(found, list)));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetInvoiceResponse> getInvoice(GetInvoiceRequest request) {
        return validated(() -> InvoiceRequests.get(request))
                .flatMap(invoices::get)
                .map(InvoiceResponses::got);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<FinalizeInvoiceResponse> finalizeInvoice(FinalizeInvoiceRequest request) {
        return validated(() -> InvoiceRequests.finalizeInvoice(request))
                .flatMap(c -> invoices.finalizeInvoice(
                        c.command(), c.keyFor(), InvoiceResponses.FINALIZE, InvoiceResponses::finalized))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<VoidInvoiceResponse> voidInvoice(VoidInvoiceRequest request) {
        return validated(() -> InvoiceRequests.voidInvoice(request))
                .flatMap(c -> invoices.voidInvoice(
                        c.command().invoiceId(),
                        c.command().reason(),
                        c.keyFor(),
                        InvoiceResponses.VOID,
                        InvoiceResponses::voided))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<MarkInvoicePaidResponse> markInvoicePaid(MarkInvoicePaidRequest request) {
        return validated(() -> InvoiceRequests.markPaid(request, clock.instant()))
                .flatMap(c -> invoices.markPaid(
                        c.command().invoiceId(),
                        c.command().payTime(),
                        c.command().reference(),
                        c.keyFor(),
                        InvoiceResponses.MARK_PAID,
                        InvoiceResponses::paid))
                .map(Reply::response);
    }

    // -------------------------------------------------------------------------------- entitlements

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetCustomerEntitlementsResponse> getCustomerEntitlements(GetCustomerEntitlementsRequest request) {
        return validated(() -> EntitlementRequests.lookup(request))
                .flatMap(lookup -> entitlements.resolve(List.of(lookup)))
                .map(results -> EntitlementResponses.single(results.get(0)));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<BatchGetCustomerEntitlementsResponse> batchGetCustomerEntitlements(
            BatchGetCustomerEntitlementsRequest request) {
        return validated(() ->
                        EntitlementRequests.batch(request, config.entitlements().batchMaxItems()))
                .flatMap(batch -> entitlements
                        .resolve(batch.lookups())
                        .map(resolved -> EntitlementResponses.batch(batch, resolved)));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Multi<WatchEntitlementChangesResponse> watchEntitlementChanges(WatchEntitlementChangesRequest request) {
        return shutdown.endOnShutdown(Multi.createFrom().deferred(() -> {
            var customers = EntitlementRequests.watched(request);
            return entitlements
                    .changes()
                    .select()
                    .where(change -> customers.isEmpty() || customers.contains(change.customerId()))
                    .onOverflow()
                    .buffer(10_000)
                    .map(EntitlementResponses::change);
        }));
    }

    /** The request validated when the call is subscribed to (INVALID_ARGUMENT fails the call). */
    private static <T> Uni<T> validated(Supplier<T> validation) {
        return Uni.createFrom().item(validation);
    }
}
