package dev.tally.invoice.grpc;

import dev.tally.common.v1.ItemError;
import dev.tally.invoice.app.Entitlements;
import dev.tally.invoice.domain.EntitlementChange;
import dev.tally.invoice.v1.BatchGetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.CustomerEntitlementsResult;
import dev.tally.invoice.v1.GetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.WatchEntitlementChangesResponse;
import dev.tally.kit.error.ItemErrors;
import dev.tally.support.proto.ProtoTime;
import java.util.List;

/** Entitlements to the responses usage-service reads. */
final class EntitlementResponses {

    private EntitlementResponses() {}

    /** A single lookup's answer, or its failure. */
    static GetCustomerEntitlementsResponse single(Entitlements.Result result) {
        if (result.error() != null) {
            throw result.error();
        }
        return entitlements(result.entitlement());
    }

    /** Each item's answer in order: the invalid ones' failures, the others resolved in order. */
    static BatchGetCustomerEntitlementsResponse batch(
            EntitlementRequests.Batch batch, List<Entitlements.Result> resolved) {
        BatchGetCustomerEntitlementsResponse.Builder response = BatchGetCustomerEntitlementsResponse.newBuilder();
        int next = 0;
        for (var invalid : batch.invalid()) {
            response.addResults(invalid != null ? error(ItemErrors.of(invalid)) : result(resolved.get(next++)));
        }
        return response.build();
    }

    static WatchEntitlementChangesResponse change(EntitlementChange change) {
        return WatchEntitlementChangesResponse.newBuilder()
                .setCustomerId(change.customerId())
                .setSubscriptionId(change.subscriptionId())
                .setChangeTime(ProtoTime.timestamp(change.changeTime()))
                .build();
    }

    private static GetCustomerEntitlementsResponse entitlements(Entitlements.Entitlement e) {
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

    private static CustomerEntitlementsResult result(Entitlements.Result result) {
        return result.error() == null
                ? CustomerEntitlementsResult.newBuilder()
                        .setEntitlements(entitlements(result.entitlement()))
                        .build()
                : error(ItemErrors.of(result.error()));
    }

    private static CustomerEntitlementsResult error(ItemError error) {
        return CustomerEntitlementsResult.newBuilder().setError(error).build();
    }
}
