package dev.tally.invoice.domain;

import dev.tally.invoice.domain.ModelTerms.MeteredFeature;
import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * METERED overage of one feature over one period: {@code overage = max(0, used − included)} units,
 * billed in blocks of {@code block size} units at {@code price per block}:
 * <ul>
 * <li>PROPORTIONAL (default): blocks = overage / block size, fractional;</li>
 * <li>PER_STARTED_BLOCK: blocks = ceil(overage / block size): a started block is billed in full.</li>
 * </ul>
 * The line amount is blocks × price, rounded once (HALF_UP, minor unit) by {@link InvoiceLine}.
 * <p>
 * Worked example (the product brief): $29/month including 50,000 tokens, $0.03 per 1,000 tokens,
 * 80,500 tokens used: overage = 80,500 − 50,000 = 30,500 tokens.
 * <pre>
 * PROPORTIONAL       30,500 / 1,000 = 30.5 blocks × 0.03 = 0.915 → line 0.92 USD
 * PER_STARTED_BLOCK  ceil(30.5) = 31 blocks      × 0.03 = 0.93  → line 0.93 USD
 * </pre>
 * Pro including 100,000 tokens with 250,000 used: overage exactly 150,000 tokens. A proportional
 * division that does not terminate (a block size of 3) keeps 34 significant digits
 * ({@link MathContext#DECIMAL128}) before the line's single rounding.
 */
public final class OverageRule {

    private OverageRule() {}

    /**
     * @param overageUnits units beyond the included ones (0 when within the allowance)
     * @param blocks       blocks billed under the feature's rounding
     * @param unrounded    blocks × price per block, full precision
     */
    public record Overage(BigDecimal usedUnits, BigDecimal overageUnits, BigDecimal blocks, Money unrounded) {

        public boolean isNone() {
            return overageUnits.signum() == 0;
        }
    }

    public static Overage of(MeteredFeature feature, BigDecimal usedUnits) {
        BigDecimal overage = usedUnits.subtract(feature.includedUnits()).max(BigDecimal.ZERO);
        BigDecimal blocks = switch (feature.rounding()) {
            case PROPORTIONAL -> overage.divide(feature.blockSizeUnits(), MathContext.DECIMAL128);
            case PER_STARTED_BLOCK -> overage.divide(feature.blockSizeUnits(), 0, RoundingMode.CEILING);
        };
        blocks = Money.canonical(blocks);
        return new Overage(
                usedUnits,
                Money.canonical(overage),
                blocks,
                feature.pricePerBlock().times(blocks));
    }
}
