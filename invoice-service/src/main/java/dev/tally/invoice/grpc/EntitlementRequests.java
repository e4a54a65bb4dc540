package dev.tally.invoice.grpc;

import dev.tally.invoice.app.Entitlements;
import dev.tally.invoice.v1.BatchGetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.GetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.WatchEntitlementChangesRequest;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.BatchLimits;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Entitlement requests (what usage-service asks) to lookups; INVALID_ARGUMENT with every bad field otherwise. */
final class EntitlementRequests {

    /** Most customer ids one watch may name. */
    static final int MAX_WATCHED = 1000;

    private EntitlementRequests() {}

    /**
     * A batch: the valid lookups, in order, and for each item its failure (null: it is among the
     * lookups).
     */
    record Batch(List<Entitlements.Lookup> lookups, TallyException[] invalid) {}

    static Entitlements.Lookup lookup(GetCustomerEntitlementsRequest request) {
        return Validated.of(v -> lookup(v, request));
    }

    /** The whole batch is refused when it is too large; a bad item fails alone. */
    static Batch batch(BatchGetCustomerEntitlementsRequest request, int maxItems) {
        BatchLimits.requireSize("requests", request.getRequestsCount(), maxItems);
        List<GetCustomerEntitlementsRequest> items = request.getRequestsList();
        TallyException[] invalid = new TallyException[items.size()];
        List<Entitlements.Lookup> lookups = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Violations v = new Violations();
            Entitlements.Lookup lookup = lookup(v, items.get(i));
            if (v.isEmpty()) {
                lookups.add(lookup);
            } else {
                invalid[i] = TallyException.invalid(v.list());
            }
        }
        return new Batch(lookups, invalid);
    }

    /** The customers a watch follows (empty: all). */
    static Set<String> watched(WatchEntitlementChangesRequest request) {
        if (request.getCustomerIdsCount() > MAX_WATCHED) {
            throw TallyException.invalid(
                    "customer_ids", "must hold at most " + MAX_WATCHED + " customer ids (empty: all customers)");
        }
        return new HashSet<>(request.getCustomerIdsList());
    }

    private static Entitlements.Lookup lookup(Violations v, GetCustomerEntitlementsRequest request) {
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        Instant readTime = ProtoTime.optional(v, "read_time", request.hasReadTime(), request.getReadTime());
        return new Entitlements.Lookup(customer, readTime);
    }
}
