package dev.tally.invoice.grpc;

import dev.tally.invoice.billing.NewSubscription;
import dev.tally.invoice.billing.PlanChange;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.UpdateSubscriptionRequest;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoTime;

import java.time.Duration;
import java.time.Instant;

/** Subscription requests to validated commands. */
final class SubscriptionRequests {

    /** How far in the past a start time may be (clock skew between the caller and the service). */
    static final Duration START_SKEW = Duration.ofMinutes(5);

    private SubscriptionRequests() {
    }

    static NewSubscription create(Violations v, CreateSubscriptionRequest request, Instant now) {
        String customerId = Identifiers.required(v, "customer_id", request.getCustomerId());
        String planId = Identifiers.required(v, "plan_id", request.getPlanId());
        v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
        Instant start = ProtoTime.orDefault(v, "start_time", request.hasStartTime(), request.getStartTime(), now);
        if (start != null && start.isBefore(now.minus(START_SKEW))) {
            v.add("start_time", "must not be more than 5 minutes in the past (unset means now)");
        }
        return v.isEmpty() ? new NewSubscription(customerId, planId, request.getPlanVersion(), start) : null;
    }

    static PlanChange change(Violations v, UpdateSubscriptionRequest request) {
        String subscriptionId = Identifiers.required(v, "subscription_id", request.getSubscriptionId());
        String planId = Identifiers.required(v, "plan_id", request.getPlanId());
        v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
        return v.isEmpty() ? new PlanChange(subscriptionId, planId, request.getPlanVersion(),
                request.getChangeImmediately()) : null;
    }
}
