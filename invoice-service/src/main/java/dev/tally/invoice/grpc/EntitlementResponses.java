package dev.tally.invoice.grpc;

import dev.tally.kit.error.ItemErrors;
import dev.tally.common.v1.FieldViolation;
import dev.tally.common.v1.ItemError;
import dev.tally.invoice.app.Entitlements;
import dev.tally.invoice.store.EntitlementChange;
import dev.tally.invoice.v1.CustomerEntitlementsResult;
import dev.tally.invoice.v1.GetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.WatchEntitlementChangesResponse;
import dev.tally.support.proto.ProtoTime;

/** Entitlements to the responses usage-service reads. */
final class EntitlementResponses {

    private EntitlementResponses() {
    }

    static GetCustomerEntitlementsResponse entitlements(Entitlements.Entitlement e) {
        GetCustomerEntitlementsResponse.Builder response = GetCustomerEntitlementsResponse.newBuilder()
                .setCustomerId(e.customerId())
                .setSubscription(SubscriptionResponses.subscription(e.subscription()))
                .setPlan(PlanResponses.plan(e.plan()))
                .setPeriod(Protos.range(e.period()))
                .setGraceEndTime(ProtoTime.timestamp(e.graceEnd()))
                .setPeriodClosed(e.periodClosed())
                .setCacheUntilTime(ProtoTime.timestamp(e.cacheUntil()));
        if (e.closedBefore() != null) {
            response.setClosedBeforeTime(ProtoTime.timestamp(e.closedBefore()));
        }
        return response.build();
    }

    static CustomerEntitlementsResult result(Entitlements.Result result) {
        return result.error() == null
                ? CustomerEntitlementsResult.newBuilder().setEntitlements(entitlements(result.entitlement())).build()
                : CustomerEntitlementsResult.newBuilder().setError(ItemErrors.of(result.error())).build();
    }

    static WatchEntitlementChangesResponse change(EntitlementChange change) {
        return WatchEntitlementChangesResponse.newBuilder()
                .setCustomerId(change.customerId())
                .setSubscriptionId(change.subscriptionId())
                .setChangeTime(ProtoTime.timestamp(change.changeTime()))
                .build();
    }
}
