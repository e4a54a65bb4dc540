package dev.tally.invoice.grpc;

import dev.tally.invoice.app.NewSubscription;
import dev.tally.invoice.app.PlanChange;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.UpdateSubscriptionRequest;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoTime;

import java.time.Duration;
import java.time.Instant;

/** Subscription requests to validated commands. */
final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    /**
     * {@code maxBackdate}: how far in the past {@code start_time} may be ({@code
     * tally.invoice.max-start-backdate}: clock skew by default; longer to bring over subscriptions
     * that started in another billing system, keeping their anchor day).
     */
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

    static PlanChange change(Violations v, UpdateSubscriptionRequest request) {
        String subscriptionId = Identifiers.required(v, "subscription_id", request.getSubscriptionId());
        String planId = Identifiers.required(v, "plan_id", request.getPlanId());
        v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
        return v.isEmpty() ? new PlanChange(subscriptionId, planId, request.getPlanVersion(),
                request.getChangeImmediately()) : null;
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
