package dev.tally.usage.domain;

import dev.tally.shared.money.Money;
import java.math.BigDecimal;

/**
 * How a METERED event's units split between the period's included units and overage: the units
 * already used this period come first, the event's units fill what is left of the allowance, the
 * rest is overage (billed at period end).
 *
 * <p>Worked example: 100,000 tokens included, 90,000 already used, an event of 25,000 tokens:
 * <pre>
 *   left      = max(0, 100,000 − 90,000) = 10,000
 *   included  = min(25,000, 10,000)      = 10,000
 *   overage   = 25,000 − 10,000          = 15,000
 *   the next event of 5,000: left = max(0, 100,000 − 115,000) = 0 → included 0, overage 5,000
 * </pre>
 */
public record MeteredSplit(BigDecimal included, BigDecimal overage) {

    public static MeteredSplit of(BigDecimal units, BigDecimal usedBefore, BigDecimal includedUnits) {
        BigDecimal left = includedUnits.subtract(usedBefore).max(BigDecimal.ZERO);
        BigDecimal included = units.min(left);
        return new MeteredSplit(Money.canonical(included), Money.canonical(units.subtract(included)));
    }

    /** Included units left after {@code usedAfter} units were used: never negative. */
    public static BigDecimal includedLeft(BigDecimal includedUnits, BigDecimal usedAfter) {
        return Money.canonical(includedUnits.subtract(usedAfter).max(BigDecimal.ZERO));
    }

    /** Units used beyond the included ones: never negative. */
    public static BigDecimal overage(BigDecimal includedUnits, BigDecimal used) {
        return Money.canonical(used.subtract(includedUnits).max(BigDecimal.ZERO));
    }
}
