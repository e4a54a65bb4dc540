package dev.tally.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * The exact, unrounded cost of one request: a line per token kind with a non-zero count (in
 * {@link TokenType} order), the per-request fee, and their sum, in the version's currency.
 *
 * @param appliedTierThreshold threshold of the long-context tier applied, null for base rates
 */
public record Quote(
        String modelId,
        PriceVersion version,
        Long appliedTierThreshold,
        boolean batch,
        List<CostLine> lines,
        BigDecimal requestCost,
        BigDecimal total) {

    public String currency() {
        return version.price().currency();
    }
}
