package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.NewSubscription;
import dev.tally.invoice.domain.PlanChange;
import dev.tally.invoice.domain.SubscriptionStatus;
import dev.tally.invoice.grpc.Pages.Listing;
import dev.tally.invoice.grpc.Validated.Keyed;
import dev.tally.invoice.grpc.Validated.KeyedByCustomer;
import dev.tally.invoice.v1.CancelSubscriptionRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.ListSubscriptionsRequest;
import dev.tally.invoice.v1.UpdateSubscriptionRequest;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoTime;
import java.time.Duration;
import java.time.Instant;

/** Subscription requests to validated commands; INVALID_ARGUMENT with every bad field otherwise. */
final class SubscriptionRequests {

    private SubscriptionRequests() {}

    /** CancelSubscription: now, or at the end of the open period. */
    record Cancel(String subscriptionId, boolean immediately) {}

    /** ListSubscriptions' filters (null: any). */
    record Filter(String customerId, String planId, SubscriptionStatus status) {}

    /**
     * {@code maxBackdate}: how far in the past {@code start_time} may be ({@code
     * tally.invoice.max-start-backdate}: clock skew by default; longer to bring over subscriptions
     * that started in another billing system, keeping their anchor day).
     */
    static Keyed<NewSubscription> create(CreateSubscriptionRequest request, Instant now, Duration maxBackdate) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewSubscription command = create(v, request, now, maxBackdate);
            return v.isEmpty()
                    ? new Keyed<>(
                            command,
                            Validated.customerKey(
                                    command.customerId(), request.getIdempotencyKey(), "CreateSubscription", request))
                    : null;
        });
    }

    static NewSubscription create(Violations v, CreateSubscriptionRequest request, Instant now, Duration maxBackdate) {
        String customerId = Identifiers.required(v, "customer_id", request.getCustomerId());
        String planId = Identifiers.required(v, "plan_id", request.getPlanId());
        v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
        Instant start = ProtoTime.orDefault(v, "start_time", request.hasStartTime(), request.getStartTime(), now);
        if (start != null && start.isBefore(now.minus(maxBackdate))) {
            v.add("start_time", "must not be more than " + describe(maxBackdate) + " in the past (unset means now)");
        }
        return v.isEmpty() ? new NewSubscription(customerId, planId, request.getPlanVersion(), start) : null;
    }

    static KeyedByCustomer<PlanChange> update(UpdateSubscriptionRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String subscriptionId = Identifiers.required(v, "subscription_id", request.getSubscriptionId());
            String planId = Identifiers.required(v, "plan_id", request.getPlanId());
            v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
            return new KeyedByCustomer<>(
                    new PlanChange(subscriptionId, planId, request.getPlanVersion(), request.getChangeImmediately()),
                    customer -> Validated.customerKey(
                            customer, request.getIdempotencyKey(), "UpdateSubscription", request));
        });
    }

    static KeyedByCustomer<Cancel> cancel(CancelSubscriptionRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String subscriptionId = Identifiers.required(v, "subscription_id", request.getSubscriptionId());
            return new KeyedByCustomer<>(
                    new Cancel(subscriptionId, request.getCancelImmediately()),
                    customer -> Validated.customerKey(
                            customer, request.getIdempotencyKey(), "CancelSubscription", request));
        });
    }

    static String get(GetSubscriptionRequest request) {
        return Validated.of(v -> Identifiers.required(v, "subscription_id", request.getSubscriptionId()));
    }

    static Listing<Filter> list(ListSubscriptionsRequest request) {
        String query = "ListSubscriptions|" + request.getCustomerId() + "|" + request.getPlanId() + "|"
                + request.getStatusValue();
        Filter filter = new Filter(
                blankToNull(request.getCustomerId()),
                blankToNull(request.getPlanId()),
                Enums.subscriptionStatus(request.getStatus()));
        return Validated.of(v -> Pages.listing(v, filter, request.getPageSize(), request.getPageToken(), query));
    }

    static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** "5 minutes", "35 days": the limit in words, in the largest whole unit. */
    static String describe(Duration d) {
        long seconds = d.toSeconds();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"day", "hour", "minute", "second"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds % sizes[i] == 0) {
                long n = seconds / sizes[i];
                return n + " " + units[i] + (n == 1 ? "" : "s");
            }
        }
        throw new AssertionError("unreachable");
    }
}
