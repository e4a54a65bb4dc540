package dev.tally.usage.support;

import com.google.protobuf.Timestamp;
import dev.tally.common.v1.ItemError;
import dev.tally.common.v1.TimeRange;
import dev.tally.invoice.v1.BatchGetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.BatchGetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.CustomerEntitlementsResult;
import dev.tally.invoice.v1.GetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.GetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.SubscriptionStatus;
import dev.tally.invoice.v1.WatchEntitlementChangesRequest;
import dev.tally.invoice.v1.WatchEntitlementChangesResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * invoice-service's entitlements side, from the same contract: customers with their plan and billing
 * periods ({@link #subscribe}); GetCustomerEntitlements / BatchGetCustomerEntitlements answer the
 * period containing read_time (CUSTOMER_NOT_FOUND for an unknown customer, NO_ACTIVE_SUBSCRIPTION
 * outside every period), WatchEntitlementChanges streams what {@link #changed} reports.
 */
public final class InvoiceDouble extends InvoiceServiceGrpc.InvoiceServiceImplBase {

    /** One billing period of a customer's subscription: [start, end), accepting late events until graceEnd. */
    public record PeriodTerms(Plan plan, Instant start, Instant end, Instant graceEnd, boolean closed) {}

    private final Map<String, List<PeriodTerms>> customers = new ConcurrentHashMap<>();
    private final List<StreamObserver<WatchEntitlementChangesResponse>> watchers = new CopyOnWriteArrayList<>();
    public final AtomicInteger batchCalls = new AtomicInteger();
    public final AtomicInteger lookups = new AtomicInteger();

    /** Gives the customer these periods (replacing any), and reports the change. */
    public void subscribe(String customerId, PeriodTerms... periods) {
        customers.put(customerId, new CopyOnWriteArrayList<>(periods));
        changed(customerId);
    }

    /** A known customer without any subscription. */
    public void customerWithoutSubscription(String customerId) {
        customers.put(customerId, new CopyOnWriteArrayList<>());
    }

    public void changed(String customerId) {
        WatchEntitlementChangesResponse change = WatchEntitlementChangesResponse.newBuilder()
                .setCustomerId(customerId)
                .setSubscriptionId("sub-" + customerId)
                .setChangeTime(ts(Instant.now()))
                .build();
        watchers.forEach(w -> {
            synchronized (w) {
                w.onNext(change);
            }
        });
    }

    @Override
    public void getCustomerEntitlements(
            GetCustomerEntitlementsRequest request, StreamObserver<GetCustomerEntitlementsResponse> observer) {
        CustomerEntitlementsResult result = answer(request);
        if (result.hasError()) {
            observer.onError(Status.fromCodeValue(result.getError().getCode())
                    .withDescription(result.getError().getMessage())
                    .asRuntimeException());
        } else {
            observer.onNext(result.getEntitlements());
            observer.onCompleted();
        }
    }

    @Override
    public void batchGetCustomerEntitlements(
            BatchGetCustomerEntitlementsRequest request,
            StreamObserver<BatchGetCustomerEntitlementsResponse> observer) {
        batchCalls.incrementAndGet();
        BatchGetCustomerEntitlementsResponse.Builder b = BatchGetCustomerEntitlementsResponse.newBuilder();
        request.getRequestsList().forEach(r -> b.addResults(answer(r)));
        observer.onNext(b.build());
        observer.onCompleted();
    }

    private CustomerEntitlementsResult answer(GetCustomerEntitlementsRequest r) {
        lookups.incrementAndGet();
        List<PeriodTerms> periods = customers.get(r.getCustomerId());
        if (periods == null) {
            return error(5, "CUSTOMER_NOT_FOUND", "customer " + r.getCustomerId() + " does not exist");
        }
        Instant at = r.hasReadTime()
                ? Instant.ofEpochSecond(
                        r.getReadTime().getSeconds(), r.getReadTime().getNanos())
                : Instant.now();
        Instant closedBefore = null;
        for (PeriodTerms p : periods) {
            if (p.closed() && (closedBefore == null || p.end().isAfter(closedBefore))) {
                closedBefore = p.end();
            }
        }
        for (PeriodTerms p : periods) {
            if (!at.isBefore(p.start()) && at.isBefore(p.end())) {
                GetCustomerEntitlementsResponse.Builder e = GetCustomerEntitlementsResponse.newBuilder()
                        .setCustomerId(r.getCustomerId())
                        .setSubscription(Subscription.newBuilder()
                                .setSubscriptionId("sub-" + r.getCustomerId())
                                .setCustomerId(r.getCustomerId())
                                .setPlanId(p.plan().getPlanId())
                                .setPlanVersion(p.plan().getPlanVersion())
                                .setStatus(SubscriptionStatus.SUBSCRIPTION_STATUS_ACTIVE))
                        .setPlan(p.plan())
                        .setPeriod(TimeRange.newBuilder()
                                .setStartTime(ts(p.start()))
                                .setEndTime(ts(p.end())))
                        .setGraceEndTime(ts(p.graceEnd()))
                        .setPeriodClosed(p.closed())
                        .setCacheUntilTime(ts(p.end()));
                if (closedBefore != null) {
                    e.setClosedBeforeTime(ts(closedBefore));
                }
                return CustomerEntitlementsResult.newBuilder()
                        .setEntitlements(e)
                        .build();
            }
        }
        return error(
                9,
                "NO_ACTIVE_SUBSCRIPTION",
                "customer " + r.getCustomerId() + " has no subscription in force at " + at);
    }

    private static CustomerEntitlementsResult error(int code, String reason, String message) {
        return CustomerEntitlementsResult.newBuilder()
                .setError(ItemError.newBuilder().setCode(code).setReason(reason).setMessage(message))
                .build();
    }

    @Override
    public void watchEntitlementChanges(
            WatchEntitlementChangesRequest request, StreamObserver<WatchEntitlementChangesResponse> observer) {
        watchers.add(observer);
        ((ServerCallStreamObserver<WatchEntitlementChangesResponse>) observer)
                .setOnCancelHandler(() -> watchers.remove(observer));
    }

    static Timestamp ts(Instant at) {
        return Timestamp.newBuilder()
                .setSeconds(at.getEpochSecond())
                .setNanos(at.getNano())
                .build();
    }
}
