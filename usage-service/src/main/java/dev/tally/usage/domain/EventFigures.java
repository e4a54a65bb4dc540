package dev.tally.usage.domain;

import dev.tally.pricing.TokenCounts;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The figures of one event that the aggregates sum (and the columns of usage_event that hold them):
 * what a recorded event adds, and what a void or an amendment takes away again.
 */
public record EventFigures(
        String customerId,
        Instant periodStart,
        String featureCode,
        String modelId,
        String provider,
        String costCurrency,
        BigDecimal units,
        long[] tokens,
        BigDecimal providerCost,
        BigDecimal chargeAmount,
        String chargeCurrency,
        BigDecimal marginAmount,
        BigDecimal includedUnits,
        BigDecimal overageUnits) {

    /** The figures of a priced event ({@code split} null unless METERED). */
    public static EventFigures of(
            String customerId,
            Instant periodStart,
            String featureCode,
            Quantity quantity,
            EventCharge charge,
            MeteredSplit split) {
        long[] tokens = new long[6];
        if (quantity instanceof Quantity.Tokens t) {
            TokenCounts c = t.counts();
            tokens = new long[] {c.input(), c.output(), c.cacheRead(), c.cacheWrite5m(), c.cacheWrite1h(), c.reasoning()
            };
        }
        var cost = charge.tokenCost();
        return new EventFigures(
                customerId,
                periodStart,
                featureCode,
                cost == null ? "" : cost.modelId(),
                cost == null || cost.provider() == null ? "" : cost.provider(),
                cost == null ? "" : cost.costCurrency(),
                charge.units(),
                tokens,
                cost == null ? BigDecimal.ZERO : cost.providerCost(),
                charge.amount(),
                charge.currency() == null ? "" : charge.currency(),
                charge.marginAmount(),
                split == null ? BigDecimal.ZERO : split.included(),
                split == null ? BigDecimal.ZERO : split.overage());
    }
}
