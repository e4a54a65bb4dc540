package dev.tally.usage.grpc;

import dev.tally.common.v1.Money;
import dev.tally.common.v1.TokenCounts;
import dev.tally.kit.plan.PlanEnums;
import dev.tally.shared.plan.MeterType;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.GroupTotals;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.domain.PeriodUsage;
import dev.tally.usage.domain.PlanFeature;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.UsageDimension;
import dev.tally.usage.v1.BalanceCharge;
import dev.tally.usage.v1.Charge;
import dev.tally.usage.v1.CreditsCharge;
import dev.tally.usage.v1.FeatureUsage;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.ListEventsResponse;
import dev.tally.usage.v1.MeteredCharge;
import dev.tally.usage.v1.QueryUsageResponse;
import dev.tally.usage.v1.UsageGroup;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** GetUsage, ListEvents and QueryUsage answers. */
final class QueryResponses {

    private QueryResponses() {}

    /**
     * A period's usage per plan feature (also those without events), ordered by feature code.
     * METERED: the period's total split into included and overage units ({@link MeteredSplit}).
     */
    static GetUsageResponse usage(Entitlement plan, PeriodUsage usage, String featureFilter) {
        GetUsageResponse.Builder b = GetUsageResponse.newBuilder()
                .setCustomerId(plan.customerId())
                .setPeriod(EventMessages.range(plan.period()))
                .setSubscriptionId(plan.subscriptionId())
                .setPlanId(plan.planId())
                .setPlanVersion(plan.planVersion())
                .setConsumptionModel(PlanEnums.consumptionModel(plan.model()))
                .setPendingDebitCount(usage.pending())
                .setFailedDebitCount(usage.failed());
        List<PlanFeature> features = new ArrayList<>(plan.features().values());
        features.sort((x, y) -> x.code().compareTo(y.code()));
        for (PlanFeature feature : features) {
            if (featureFilter != null && !featureFilter.equals(feature.code())) {
                continue;
            }
            long count = 0;
            BigDecimal units = BigDecimal.ZERO;
            long[] tokens = new long[6];
            Map<String, BigDecimal> costs = new TreeMap<>();
            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal margin = BigDecimal.ZERO;
            for (PeriodUsage.Aggregate row : usage.aggregates()) {
                if (!row.featureCode().equals(feature.code())) {
                    continue;
                }
                count += row.eventCount();
                units = units.add(row.units());
                for (int i = 0; i < 6; i++) {
                    tokens[i] += row.tokens()[i];
                }
                if (!row.costCurrency().isEmpty()) {
                    costs.merge(row.costCurrency(), row.providerCost(), BigDecimal::add);
                }
                charged = charged.add(row.chargeAmount());
                margin = margin.add(row.marginAmount());
            }
            BigDecimal shortfall = usage.shortfalls().getOrDefault(feature.code(), BigDecimal.ZERO);
            FeatureUsage.Builder f =
                    FeatureUsage.newBuilder().setFeatureCode(feature.code()).setEventCount(count);
            String costCurrency =
                    costs.isEmpty() ? null : costs.keySet().iterator().next();
            BigDecimal cost = costCurrency == null ? BigDecimal.ZERO : costs.get(costCurrency);
            f.setCharge(charge(plan, feature, units, charged, cost, costCurrency, margin, shortfall));
            if (feature.meterType() == MeterType.TOKENS) {
                f.setTokens(tokens(tokens));
                if (costCurrency != null) {
                    f.setProviderCost(EventMessages.money(cost, costCurrency));
                }
            }
            b.addFeatures(f);
        }
        return b.build();
    }

    private static Charge charge(
            Entitlement plan,
            PlanFeature feature,
            BigDecimal units,
            BigDecimal charged,
            BigDecimal cost,
            String costCurrency,
            BigDecimal margin,
            BigDecimal shortfall) {
        Charge.Builder c = Charge.newBuilder().setUnits(Decimals.text(units));
        switch (plan.model()) {
            case METERED -> {
                MeteredSplit split = MeteredSplit.of(units, BigDecimal.ZERO, feature.includedUnits());
                c.setMetered(MeteredCharge.newBuilder()
                        .setIncludedUnits(Decimals.text(split.included()))
                        .setOverageUnits(Decimals.text(split.overage())));
            }
            case CREDITS ->
                c.setCredits(CreditsCharge.newBuilder()
                        .setCreditsPerUnit(Decimals.text(feature.creditsPerUnit()))
                        .setAmount(EventMessages.money(charged, "CREDITS"))
                        .setShortfall(EventMessages.money(shortfall, "CREDITS")));
            case BALANCE -> {
                BalanceCharge.Builder b = BalanceCharge.newBuilder()
                        .setAmount(EventMessages.money(charged, plan.currency()))
                        .setShortfall(EventMessages.money(shortfall, plan.currency()));
                if (feature.meterType() == MeterType.TOKENS) {
                    b.setMargin(Decimals.text(feature.margin()))
                            .setMarginAmount(EventMessages.money(margin, plan.currency()))
                            .setCost(EventMessages.money(cost, costCurrency == null ? plan.currency() : costCurrency));
                } else {
                    b.setUnitPrice(EventMessages.money(feature.unitPrice(), plan.currency()));
                }
                c.setBalance(b);
            }
        }
        return c.build();
    }

    static TokenCounts tokens(long[] t) {
        return TokenCounts.newBuilder()
                .setInputTokens(t[0])
                .setOutputTokens(t[1])
                .setCacheReadTokens(t[2])
                .setCacheWrite5MTokens(t[3])
                .setCacheWrite1HTokens(t[4])
                .setReasoningTokens(t[5])
                .build();
    }

    static ListEventsResponse events(List<StoredEvent> fetched, QueryRequests.Listing listing) {
        Paging.Page<StoredEvent> page =
                Paging.page(fetched, listing.paging(), e -> e.occurredTime() + "|" + e.eventId(), listing.query());
        ListEventsResponse.Builder b = ListEventsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(e -> b.addEvents(EventMessages.listed(e)));
        return b.build();
    }

    /** Rows of one group (one per currency pair) merged into one UsageGroup, in the query's order. */
    static QueryUsageResponse groups(List<GroupTotals> rows, List<UsageDimension> dims) {
        Map<List<String>, List<GroupTotals>> byGroup = new LinkedHashMap<>();
        rows.forEach(
                r -> byGroup.computeIfAbsent(r.keys(), k -> new ArrayList<>()).add(r));
        QueryUsageResponse.Builder response = QueryUsageResponse.newBuilder();
        byGroup.forEach((keys, group) -> {
            UsageGroup.Builder g = UsageGroup.newBuilder();
            for (int i = 0; i < dims.size(); i++) {
                String key = keys.get(i) == null ? "" : keys.get(i);
                switch (dims.get(i)) {
                    case CUSTOMER -> g.setCustomerId(key);
                    case FEATURE -> g.setFeatureCode(key);
                    case MODEL -> g.setModelId(key);
                    case PROVIDER -> g.setProvider(key);
                    case DAY -> g.setDayStartTime(ProtoTime.timestamp(Instant.ofEpochSecond(Long.parseLong(key))));
                }
            }
            long count = 0;
            BigDecimal units = BigDecimal.ZERO;
            long[] tokens = new long[6];
            Map<String, BigDecimal> costs = new TreeMap<>();
            Map<String, BigDecimal> billed = new TreeMap<>();
            Map<String, BigDecimal> margins = new TreeMap<>();
            for (GroupTotals r : group) {
                count += r.eventCount();
                units = units.add(r.units());
                for (int i = 0; i < 6; i++) {
                    tokens[i] += r.tokens()[i];
                }
                if (!r.costCurrency().isEmpty()) {
                    costs.merge(r.costCurrency(), r.providerCost(), BigDecimal::add);
                }
                if (!r.chargeCurrency().isEmpty()) {
                    billed.merge(r.chargeCurrency(), r.chargeAmount(), BigDecimal::add);
                    if (r.marginAmount().signum() != 0) {
                        margins.merge(r.chargeCurrency(), r.marginAmount(), BigDecimal::add);
                    }
                }
            }
            g.setEventCount(count).setUnits(Decimals.text(units)).setTokens(tokens(tokens));
            g.addAllProviderCosts(monies(costs))
                    .addAllBilledAmounts(monies(billed))
                    .addAllMarginAmounts(monies(margins));
            response.addGroups(g);
        });
        return response.build();
    }

    private static List<Money> monies(Map<String, BigDecimal> amounts) {
        List<Money> list = new ArrayList<>();
        amounts.forEach((currency, amount) -> list.add(EventMessages.money(amount, currency)));
        return list;
    }
}
