package dev.tally.invoice.grpc;

import dev.tally.invoice.store.SubscriptionEntity;
import dev.tally.invoice.v1.Subscription;
import dev.tally.support.proto.ProtoTime;

/** Subscriptions to {@code tally.invoice.v1.Subscription}. */
final class SubscriptionResponses {

    private SubscriptionResponses() {
    }

    static Subscription subscription(SubscriptionEntity row) {
        Subscription.Builder sub = Subscription.newBuilder()
                .setSubscriptionId(row.subscriptionId)
                .setCustomerId(row.customerId)
                .setPlanId(planId(row.planVersionId))
                .setPlanVersion(version(row.planVersionId))
                .setStatus(Enums.subscriptionStatus(row.status))
                .setStartTime(ProtoTime.timestamp(row.startTime))
                .setCancelAtPeriodEnd(row.cancelAtPeriodEnd)
                .setCreateTime(ProtoTime.timestamp(row.createTime))
                .setUpdateTime(ProtoTime.timestamp(row.updateTime));
        if (row.currentPeriodStart != null) {
            sub.setCurrentPeriod(Protos.range(row.currentPeriodStart, row.currentPeriodEnd));
        }
        if (row.cancelTime != null) {
            sub.setCancelTime(ProtoTime.timestamp(row.cancelTime));
        }
        if (row.endTime != null) {
            sub.setEndTime(ProtoTime.timestamp(row.endTime));
        }
        if (row.scheduledPlanVersionId != null) {
            sub.setScheduledPlanId(planId(row.scheduledPlanVersionId))
                    .setScheduledPlanVersion(version(row.scheduledPlanVersionId));
        }
        return sub.build();
    }

    /** The plan id of a plan version id ({@code <plan_id>@<version>}). */
    static String planId(String planVersionId) {
        return planVersionId.substring(0, planVersionId.lastIndexOf('@'));
    }

    static int version(String planVersionId) {
        return Integer.parseInt(planVersionId.substring(planVersionId.lastIndexOf('@') + 1));
    }
}
