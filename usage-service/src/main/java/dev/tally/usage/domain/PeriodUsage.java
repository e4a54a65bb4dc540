package dev.tally.usage.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A customer's usage in one billing period: the aggregates, the shortfall per feature, and the
 * events whose debit is pending or failed.
 */
public record PeriodUsage(List<Aggregate> aggregates, Map<String, BigDecimal> shortfalls, long pending, long failed) {

    /** One aggregate: a feature's totals for one model (and cost currency) in the period. */
    public record Aggregate(
            String featureCode,
            String modelId,
            String costCurrency,
            long eventCount,
            BigDecimal units,
            long[] tokens,
            BigDecimal providerCost,
            BigDecimal chargeAmount,
            BigDecimal marginAmount) {}
}
