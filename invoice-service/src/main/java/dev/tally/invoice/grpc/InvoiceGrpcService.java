package dev.tally.invoice.grpc;

import com.google.protobuf.Message;
import dev.tally.invoice.app.CustomerChange;
import dev.tally.invoice.app.Customers;
import dev.tally.invoice.app.Entitlements;
import dev.tally.invoice.app.Invoices;
import dev.tally.invoice.app.NewCustomer;
import dev.tally.invoice.app.NewPlan;
import dev.tally.invoice.app.NewSubscription;
import dev.tally.invoice.app.PlanChange;
import dev.tally.invoice.app.Plans;
import dev.tally.invoice.app.Purchases;
import dev.tally.invoice.app.Subscriptions;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.store.EntitlementNotifications;
import dev.tally.invoice.v1.*;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.BatchLimits;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import dev.tally.support.server.ShutdownSignal;
import dev.tally.support.auth.Scopes;
import io.quarkus.grpc.GrpcService;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The invoice-service gRPC API ({@code tally.invoice.v1.InvoiceService}): validates each request
 * into a command ({@code *Requests}), runs it ({@code dev.tally.invoice.app}), maps the result
 * ({@code *Responses}). Every mutating call is idempotent: its key is scoped to the customer it acts
 * on, or to the service for plans and CreateCustomer.
 */
@GrpcService
public class InvoiceGrpcService extends MutinyInvoiceServiceGrpc.InvoiceServiceImplBase {

    private static final Replies<CreatePlanResponse> CREATE_PLAN = Replies.of(CreatePlanResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<UpdatePlanResponse> UPDATE_PLAN = Replies.of(UpdatePlanResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<ArchivePlanResponse> ARCHIVE_PLAN = Replies.of(ArchivePlanResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<CreateCustomerResponse> CREATE_CUSTOMER = Replies.of(CreateCustomerResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<UpdateCustomerResponse> UPDATE_CUSTOMER = Replies.of(UpdateCustomerResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<ArchiveCustomerResponse> ARCHIVE_CUSTOMER = Replies.of(ArchiveCustomerResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<CreateSubscriptionResponse> CREATE_SUBSCRIPTION = Replies.of(
            CreateSubscriptionResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<UpdateSubscriptionResponse> UPDATE_SUBSCRIPTION = Replies.of(
            UpdateSubscriptionResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<CancelSubscriptionResponse> CANCEL_SUBSCRIPTION = Replies.of(
            CancelSubscriptionResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<FinalizeInvoiceResponse> FINALIZE_INVOICE = Replies.of(FinalizeInvoiceResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<VoidInvoiceResponse> VOID_INVOICE = Replies.of(VoidInvoiceResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final Replies<MarkInvoicePaidResponse> MARK_INVOICE_PAID = Replies.of(MarkInvoicePaidResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private final Plans plans;
    private final Customers customers;
    private final Subscriptions subscriptions;
    private final Purchases purchases;
    private final Invoices invoices;
    private final Entitlements entitlements;
    private final EntitlementNotifications notifications;
    private final ShutdownSignal shutdown;
    private final InvoiceConfig config;
    private final Clock clock;

    InvoiceGrpcService(Plans plans, Customers customers, Subscriptions subscriptions, Purchases purchases,
                       Invoices invoices, Entitlements entitlements, EntitlementNotifications notifications,
                       ShutdownSignal shutdown, InvoiceConfig config, Clock clock) {
        this.plans = plans;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.purchases = purchases;
        this.invoices = invoices;
        this.entitlements = entitlements;
        this.notifications = notifications;
        this.shutdown = shutdown;
        this.config = config;
        this.clock = clock;
    }

    // ---------------------------------------------------------------------------------------- plans

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CreatePlanResponse> createPlan(CreatePlanRequest request) {
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewPlan plan = PlanRequests.plan(v, request.hasPlan(), request.getPlan(), false);
            return key == null || plan == null ? null : plan;
        }).flatMap(plan -> plans.create(plan, serviceKey(request.getIdempotencyKey(), "CreatePlan", request),
                CREATE_PLAN, version -> CreatePlanResponse.newBuilder().setPlan(PlanResponses.plan(version)).build()))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetPlanResponse> getPlan(GetPlanRequest request) {
        return validated(v -> {
            String planId = Identifiers.required(v, "plan_id", request.getPlanId());
            v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
            return planId;
        }).flatMap(planId -> plans.get(planId, request.getPlanVersion()))
                .map(version -> GetPlanResponse.newBuilder().setPlan(PlanResponses.plan(version)).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListPlansResponse> listPlans(ListPlansRequest request) {
        String query = "ListPlans|" + request.getPlanCode() + "|" + request.getIncludeArchived() + "|" + request.getAllVersions();
        return validated(v -> Pages.request(v, request.getPageSize(), request.getPageToken(), query))
                .flatMap(paging -> {
                    String after = paging.after();
                    String afterCode = after == null ? null : after.substring(0, after.lastIndexOf('|'));
                    int afterVersion = after == null ? 0 : Integer.parseInt(after.substring(after.lastIndexOf('|') + 1));
                    return plans.list(request.getPlanCode().isEmpty() ? null : request.getPlanCode(),
                                    request.getIncludeArchived(), request.getAllVersions(), afterCode, afterVersion,
                                    paging.fetchSize())
                            .map(found -> {
                                Paging.Page<PlanVersion> page = Paging.page(found, paging,
                                        p -> p.planCode() + "|" + p.version(), query);
                                return ListPlansResponse.newBuilder()
                                        .addAllPlans(page.items().stream().map(PlanResponses::plan).toList())
                                        .setNextPageToken(page.nextPageToken()).build();
                            });
                });
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<UpdatePlanResponse> updatePlan(UpdatePlanRequest request) {
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewPlan plan = PlanRequests.plan(v, request.hasPlan(), request.getPlan(), true);
            return key == null || plan == null ? null : plan;
        }).flatMap(plan -> plans.update(plan, serviceKey(request.getIdempotencyKey(), "UpdatePlan", request),
                UPDATE_PLAN, version -> UpdatePlanResponse.newBuilder().setPlan(PlanResponses.plan(version)).build()))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<ArchivePlanResponse> archivePlan(ArchivePlanRequest request) {
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            return Identifiers.required(v, "plan_id", request.getPlanId());
        }).flatMap(planId -> plans.archive(planId, serviceKey(request.getIdempotencyKey(), "ArchivePlan", request),
                ARCHIVE_PLAN, version -> ArchivePlanResponse.newBuilder().setPlan(PlanResponses.plan(version)).build()))
                .map(Reply::response);
    }

    // ------------------------------------------------------------------------------------ customers

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CreateCustomerResponse> createCustomer(CreateCustomerRequest request) {
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewCustomer customer = CustomerRequests.create(v, request.hasCustomer(), request.getCustomer());
            return key == null ? null : customer;
        }).flatMap(customer -> customers.create(customer,
                serviceKey(request.getIdempotencyKey(), "CreateCustomer", request), CREATE_CUSTOMER,
                row -> CreateCustomerResponse.newBuilder().setCustomer(CustomerResponses.customer(row)).build()))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetCustomerResponse> getCustomer(GetCustomerRequest request) {
        return validated(v -> Identifiers.required(v, "customer_id", request.getCustomerId()))
                .flatMap(customers::get)
                .map(row -> GetCustomerResponse.newBuilder().setCustomer(CustomerResponses.customer(row)).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListCustomersResponse> listCustomers(ListCustomersRequest request) {
        String query = "ListCustomers|" + request.getIncludeArchived();
        return newestFirst(request.getPageSize(), request.getPageToken(), query,
                (time, id, limit) -> customers.list(request.getIncludeArchived(), time, id, limit),
                row -> Pages.position(row.createTime, row.customerId),
                page -> ListCustomersResponse.newBuilder()
                        .addAllCustomers(page.items().stream().map(CustomerResponses::customer).toList())
                        .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<UpdateCustomerResponse> updateCustomer(UpdateCustomerRequest request) {
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            CustomerChange change = CustomerRequests.update(v, request);
            return key == null ? null : change;
        }).flatMap(change -> customers.update(change,
                customerKey(change.customerId(), request.getIdempotencyKey(), "UpdateCustomer", request), UPDATE_CUSTOMER,
                row -> UpdateCustomerResponse.newBuilder().setCustomer(CustomerResponses.customer(row)).build()))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<ArchiveCustomerResponse> archiveCustomer(ArchiveCustomerRequest request) {
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            return Identifiers.required(v, "customer_id", request.getCustomerId());
        }).flatMap(id -> customers.archive(id, customerKey(id, request.getIdempotencyKey(), "ArchiveCustomer", request),
                ARCHIVE_CUSTOMER, row -> ArchiveCustomerResponse.newBuilder()
                        .setCustomer(CustomerResponses.customer(row)).build()))
                .map(Reply::response);
    }

    // -------------------------------------------------------------------------------- subscriptions

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CreateSubscriptionResponse> createSubscription(CreateSubscriptionRequest request) {
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewSubscription command = SubscriptionRequests.create(v, request, clock.instant(), config.maxStartBackdate());
            return key == null ? null : command;
        }).flatMap(command -> subscriptions.create(command,
                customerKey(command.customerId(), request.getIdempotencyKey(), "CreateSubscription", request),
                CREATE_SUBSCRIPTION, change -> CreateSubscriptionResponse.newBuilder()
                        .setSubscription(SubscriptionResponses.subscription(change.subscription()))
                        .setInvoice(InvoiceResponses.invoice(change.invoice())).build()))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetSubscriptionResponse> getSubscription(GetSubscriptionRequest request) {
        return validated(v -> Identifiers.required(v, "subscription_id", request.getSubscriptionId()))
                .flatMap(subscriptions::get)
                .map(row -> GetSubscriptionResponse.newBuilder()
                        .setSubscription(SubscriptionResponses.subscription(row)).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListSubscriptionsResponse> listSubscriptions(ListSubscriptionsRequest request) {
        String query = "ListSubscriptions|" + request.getCustomerId() + "|" + request.getPlanId() + "|"
                + request.getStatusValue();
        SubscriptionStatus status = Enums.subscriptionStatus(request.getStatus());
        return newestFirst(request.getPageSize(), request.getPageToken(), query,
                (time, id, limit) -> subscriptions.list(blankToNull(request.getCustomerId()),
                        blankToNull(request.getPlanId()), status, time, id, limit),
                row -> Pages.position(row.createTime, row.subscriptionId),
                page -> ListSubscriptionsResponse.newBuilder()
                        .addAllSubscriptions(page.items().stream().map(SubscriptionResponses::subscription).toList())
                        .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<UpdateSubscriptionResponse> updateSubscription(UpdateSubscriptionRequest request) {
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            PlanChange change = SubscriptionRequests.change(v, request);
            return key == null ? null : change;
        }).flatMap(change -> subscriptions.changePlan(change,
                customer -> customerKey(customer, request.getIdempotencyKey(), "UpdateSubscription", request),
                UPDATE_SUBSCRIPTION, result -> {
                    UpdateSubscriptionResponse.Builder response = UpdateSubscriptionResponse.newBuilder()
                            .setSubscription(SubscriptionResponses.subscription(result.subscription()));
                    if (result.invoice() != null) {
                        response.setClosingInvoice(InvoiceResponses.invoice(result.invoice()));
                    }
                    result.keptBalances().forEach(m -> response.addKeptWalletBalances(Protos.money(m)));
                    return response.build();
                })).map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<CancelSubscriptionResponse> cancelSubscription(CancelSubscriptionRequest request) {
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            return Identifiers.required(v, "subscription_id", request.getSubscriptionId());
        }).flatMap(id -> subscriptions.cancel(id, request.getCancelImmediately(),
                customer -> customerKey(customer, request.getIdempotencyKey(), "CancelSubscription", request),
                CANCEL_SUBSCRIPTION, result -> {
                    CancelSubscriptionResponse.Builder response = CancelSubscriptionResponse.newBuilder()
                            .setSubscription(SubscriptionResponses.subscription(result.subscription()));
                    if (result.invoice() != null) {
                        response.setClosingInvoice(InvoiceResponses.invoice(result.invoice()));
                    }
                    return response.build();
                })).map(Reply::response);
    }

    // ------------------------------------------------------------------------------------ purchases

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<PurchaseCreditPackResponse> purchaseCreditPack(PurchaseCreditPackRequest request) {
        int[] quantity = new int[1];
        return validated(v -> {
            String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
            Identifiers.required(v, "credit_pack_code", request.getCreditPackCode());
            quantity[0] = InvoiceRequests.packQuantity(v, request.getQuantity());
            return key == null ? null : customer;
        }).flatMap(customer -> purchases.buyPack(customer, request.getCreditPackCode(), quantity[0],
                customerKey(customer, request.getIdempotencyKey(), Purchases.PURCHASE_CREDIT_PACK,
                        request.toBuilder().setQuantity(quantity[0]).build())));
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<TopUpResponse> topUp(TopUpRequest request) {
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            Identifiers.required(v, "customer_id", request.getCustomerId());
            return InvoiceRequests.topUpAmount(v, request);
        }).flatMap(amount -> purchases.topUp(request.getCustomerId(), amount,
                customerKey(request.getCustomerId(), request.getIdempotencyKey(), Purchases.TOP_UP, request)));
    }

    // ------------------------------------------------------------------------------------- invoices

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetUpcomingInvoiceResponse> getUpcomingInvoice(GetUpcomingInvoiceRequest request) {
        return validated(v -> Identifiers.required(v, "customer_id", request.getCustomerId()))
                .flatMap(invoices::upcoming)
                .map(preview -> GetUpcomingInvoiceResponse.newBuilder()
                        .setInvoice(InvoiceResponses.preview(preview))
                        .setReadTime(ProtoTime.timestamp(preview.readTime())).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<ListInvoicesResponse> listInvoices(ListInvoicesRequest request) {
        String query = "ListInvoices|" + request.getCustomerId() + "|" + request.getSubscriptionId() + "|"
                + request.getStatusValue() + "|" + request.getKindValue();
        InvoiceStatus status = Enums.invoiceStatus(request.getStatus());
        InvoiceKind kind = Enums.invoiceKind(request.getKind());
        return newestFirst(request.getPageSize(), request.getPageToken(), query,
                (time, id, limit) -> invoices.list(blankToNull(request.getCustomerId()),
                        blankToNull(request.getSubscriptionId()), status, kind, time, id, limit),
                row -> Pages.position(row.createTime, row.invoiceId),
                page -> ListInvoicesResponse.newBuilder()
                        .addAllInvoices(InvoiceResponses.invoices(page.items()))
                        .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetInvoiceResponse> getInvoice(GetInvoiceRequest request) {
        return validated(v -> Identifiers.required(v, "invoice_id", request.getInvoiceId()))
                .flatMap(invoices::get)
                .map(row -> GetInvoiceResponse.newBuilder().setInvoice(InvoiceResponses.invoice(row)).build());
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<FinalizeInvoiceResponse> finalizeInvoice(FinalizeInvoiceRequest request) {
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            return Identifiers.required(v, "invoice_id", request.getInvoiceId());
        }).flatMap(id -> invoices.finalizeInvoice(id,
                customer -> customerKey(customer, request.getIdempotencyKey(), "FinalizeInvoice", request),
                FINALIZE_INVOICE, row -> FinalizeInvoiceResponse.newBuilder()
                        .setInvoice(InvoiceResponses.invoice(row)).build()))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<VoidInvoiceResponse> voidInvoice(VoidInvoiceRequest request) {
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            InvoiceRequests.voidReason(v, request.getVoidReason());
            return Identifiers.required(v, "invoice_id", request.getInvoiceId());
        }).flatMap(id -> invoices.voidInvoice(id, request.getVoidReason(),
                customer -> customerKey(customer, request.getIdempotencyKey(), "VoidInvoice", request),
                VOID_INVOICE, voided -> {
                    VoidInvoiceResponse.Builder response = VoidInvoiceResponse.newBuilder()
                            .setInvoice(InvoiceResponses.invoice(voided.invoice()));
                    if (voided.creditNote() != null) {
                        response.setCreditNote(InvoiceResponses.invoice(voided.creditNote()));
                    }
                    return response.build();
                })).map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.BILLING_ADMIN)
    public Uni<MarkInvoicePaidResponse> markInvoicePaid(MarkInvoicePaidRequest request) {
        Instant[] payTime = new Instant[1];
        return validated(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            payTime[0] = InvoiceRequests.payTime(v, request, clock.instant());
            return Identifiers.required(v, "invoice_id", request.getInvoiceId());
        }).flatMap(id -> invoices.markPaid(id, payTime[0], request.getPaymentReference(),
                customer -> customerKey(customer, request.getIdempotencyKey(), "MarkInvoicePaid", request),
                MARK_INVOICE_PAID, row -> MarkInvoicePaidResponse.newBuilder()
                        .setInvoice(InvoiceResponses.invoice(row)).build()))
                .map(Reply::response);
    }

    // -------------------------------------------------------------------------------- entitlements

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<GetCustomerEntitlementsResponse> getCustomerEntitlements(GetCustomerEntitlementsRequest request) {
        return validated(v -> lookup(v, request))
                .flatMap(lookup -> entitlements.resolve(List.of(lookup)))
                .map(results -> {
                    Entitlements.Result result = results.get(0);
                    if (result.error() != null) {
                        throw result.error();
                    }
                    return EntitlementResponses.entitlements(result.entitlement());
                });
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Uni<BatchGetCustomerEntitlementsResponse> batchGetCustomerEntitlements(
            BatchGetCustomerEntitlementsRequest request) {
        return Uni.createFrom().item(() -> {
            BatchLimits.requireSize("requests", request.getRequestsCount(), config.entitlements().batchMaxItems());
            return request.getRequestsList();
        }).flatMap(items -> {
            Entitlements.Result[] invalid = new Entitlements.Result[items.size()];
            List<Entitlements.Lookup> lookups = new java.util.ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Violations v = new Violations();
                Entitlements.Lookup lookup = lookup(v, items.get(i));
                if (v.isEmpty()) {
                    lookups.add(lookup);
                } else {
                    invalid[i] = new Entitlements.Result(null, dev.tally.support.error.TallyException.invalid(v.list()));
                }
            }
            return entitlements.resolve(lookups).map(resolved -> {
                BatchGetCustomerEntitlementsResponse.Builder response = BatchGetCustomerEntitlementsResponse.newBuilder();
                int next = 0;
                for (Entitlements.Result bad : invalid) {
                    response.addResults(EntitlementResponses.result(bad != null ? bad : resolved.get(next++)));
                }
                return response.build();
            });
        });
    }

    @Override
    @RolesAllowed(Scopes.BILLING_READ)
    public Multi<WatchEntitlementChangesResponse> watchEntitlementChanges(WatchEntitlementChangesRequest request) {
        return shutdown.endOnShutdown(Multi.createFrom().deferred(() -> {
            if (request.getCustomerIdsCount() > 1000) {
                throw dev.tally.support.error.TallyException.invalid("customer_ids",
                        "must hold at most 1000 customer ids (empty: all customers)");
            }
            Set<String> customers = new HashSet<>(request.getCustomerIdsList());
            return notifications.changes()
                    .select().where(change -> customers.isEmpty() || customers.contains(change.customerId()))
                    .onOverflow().buffer(10_000)
                    .map(EntitlementResponses::change);
        }));
    }

    private static Entitlements.Lookup lookup(Violations v, GetCustomerEntitlementsRequest request) {
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        Instant readTime = ProtoTime.optional(v, "read_time", request.hasReadTime(), request.getReadTime());
        return new Entitlements.Lookup(customer, readTime);
    }

    // --------------------------------------------------------------------------------------- shared

    /** Runs the validation; INVALID_ARGUMENT with every violation, or its result. */
    private static <T> Uni<T> validated(Function<Violations, T> validate) {
        return Uni.createFrom().item(() -> {
            Violations v = new Violations();
            T value = validate.apply(v);
            v.throwIfAny();
            return value;
        });
    }

    /** A page of a newest-first list. */
    private <T, P> Uni<P> newestFirst(int pageSize, String pageToken, String query, PageQuery<T> read,
                                      Function<T, String> position, Function<Paging.Page<T>, P> respond) {
        Instant[] afterTime = new Instant[1];
        return validated(v -> {
            Paging.PageRequest paging = Pages.request(v, pageSize, pageToken, query);
            afterTime[0] = Pages.afterTime(v, paging);
            return paging;
        }).flatMap(paging -> read.read(afterTime[0], Pages.afterId(paging), paging.fetchSize())
                .map(rows -> respond.apply(Paging.page(rows, paging, position, query))));
    }

    /** Reads a page after (time, id). */
    @FunctionalInterface
    private interface PageQuery<T> {
        Uni<List<T>> read(Instant afterTime, String afterId, int limit);
    }

    private static RequestKey serviceKey(String key, String method, Message request) {
        return RequestKey.forService(key, method, request, PlanRequests.DECIMAL_FIELDS);
    }

    private static RequestKey customerKey(String customerId, String key, String method, Message request) {
        return RequestKey.forCustomer(customerId, key, method, request, PlanRequests.DECIMAL_FIELDS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
