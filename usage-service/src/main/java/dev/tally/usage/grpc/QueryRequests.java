package dev.tally.usage.grpc;

import dev.tally.support.error.Violations;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.PageTokens;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.domain.EventFilter;
import dev.tally.usage.domain.UsageDimension;
import dev.tally.usage.domain.UsageFilter;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.ListEventsRequest;
import dev.tally.usage.v1.QueryUsageRequest;
import dev.tally.usage.v1.UsageGroupBy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** GetUsage, ListEvents and QueryUsage requests: filters, paging (position = occurred µs + event id), ranges. */
final class QueryRequests {

    static final Duration MAX_QUERY_RANGE = Duration.ofDays(366);

    private QueryRequests() {}

    record Usage(String customerId, String featureCode, Instant periodTime) {}

    static Usage usage(GetUsageRequest request, Instant now) {
        Violations v = new Violations();
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        String feature = Identifiers.optional(v, "feature_code", request.getFeatureCode());
        Instant at = ProtoTime.orDefault(v, "period_time", request.hasPeriodTime(), request.getPeriodTime(), now);
        v.throwIfAny();
        return new Usage(customer, feature, at);
    }

    record Listing(EventFilter filter, Paging.PageRequest paging, String query, Instant afterTime, UUID afterId) {}

    static Listing listing(ListEventsRequest request) {
        Violations v = new Violations();
        String customer = orEmpty(Identifiers.optional(v, "customer_id", request.getCustomerId()));
        String feature = orEmpty(Identifiers.optional(v, "feature_code", request.getFeatureCode()));
        String model = request.getModelId();
        String key = orEmpty(Identifiers.optional(v, "idempotency_key", request.getIdempotencyKey()));
        if (!key.isEmpty() && customer.isEmpty()) {
            v.add("idempotency_key", "needs customer_id: keys are unique per customer");
        }
        Instant from = request.hasTimeRange()
                ? ProtoTime.optional(
                        v,
                        "time_range.start_time",
                        request.getTimeRange().hasStartTime(),
                        request.getTimeRange().getStartTime())
                : null;
        Instant to = request.hasTimeRange()
                ? ProtoTime.optional(
                        v,
                        "time_range.end_time",
                        request.getTimeRange().hasEndTime(),
                        request.getTimeRange().getEndTime())
                : null;
        if (from != null && to != null && !to.isAfter(from)) {
            v.add("time_range.end_time", "must be after start_time");
        }
        String query =
                String.join("|", "ListEvents", customer, feature, model, key, String.valueOf(from), String.valueOf(to));
        Paging.PageRequest paging = Paging.request(v, request.getPageSize(), request.getPageToken(), query);
        Instant afterTime = null;
        UUID afterId = null;
        if (paging.after() != null) {
            String[] parts = paging.after().split("\\|");
            try {
                afterTime = Instant.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                v.add(PageTokens.FIELD, "is not a token this list issued");
            }
        }
        v.throwIfAny();
        return new Listing(new EventFilter(customer, feature, model, from, to, key), paging, query, afterTime, afterId);
    }

    record Totals(UsageFilter filter, List<UsageDimension> groupBy) {}

    static Totals totals(QueryUsageRequest request) {
        Violations v = new Violations();
        Instant from = null;
        Instant to = null;
        if (!request.hasTimeRange()) {
            v.add("time_range", "must be set");
        } else {
            from = ProtoTime.required(
                    v,
                    "time_range.start_time",
                    request.getTimeRange().hasStartTime(),
                    request.getTimeRange().getStartTime());
            to = ProtoTime.required(
                    v,
                    "time_range.end_time",
                    request.getTimeRange().hasEndTime(),
                    request.getTimeRange().getEndTime());
            if (from != null && to != null) {
                if (!to.isAfter(from)) {
                    v.add("time_range.end_time", "must be after start_time");
                } else if (Duration.between(from, to).compareTo(MAX_QUERY_RANGE) > 0) {
                    v.add("time_range", "must span at most 366 days");
                }
            }
        }
        String customer = orEmpty(Identifiers.optional(v, "customer_id", request.getCustomerId()));
        String feature = orEmpty(Identifiers.optional(v, "feature_code", request.getFeatureCode()));
        List<UsageDimension> dims = new ArrayList<>();
        for (int i = 0; i < request.getGroupByCount(); i++) {
            UsageDimension d = dimension(request.getGroupBy(i));
            if (d == null) {
                v.add("group_by[" + i + "]", "must be CUSTOMER, FEATURE, MODEL, PROVIDER or DAY");
            } else if (dims.contains(d)) {
                v.add("group_by[" + i + "]", "is repeated");
            } else {
                dims.add(d);
            }
        }
        v.throwIfAny();
        return new Totals(
                new UsageFilter(from, to, customer, feature, request.getModelId(), request.getProvider()), dims);
    }

    private static UsageDimension dimension(UsageGroupBy g) {
        return switch (g) {
            case USAGE_GROUP_BY_CUSTOMER -> UsageDimension.CUSTOMER;
            case USAGE_GROUP_BY_FEATURE -> UsageDimension.FEATURE;
            case USAGE_GROUP_BY_MODEL -> UsageDimension.MODEL;
            case USAGE_GROUP_BY_PROVIDER -> UsageDimension.PROVIDER;
            case USAGE_GROUP_BY_DAY -> UsageDimension.DAY;
            case USAGE_GROUP_BY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
