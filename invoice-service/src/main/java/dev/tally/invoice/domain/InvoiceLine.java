package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import java.math.BigDecimal;

/**
 * One invoice line. Its amount is {@code quantity × unit price}, computed at full precision and
 * rounded once, here, by {@link CurrencyScale#rounded}: HALF_UP to the currency's minor unit.
 * Nothing else on an invoice is rounded; the total is the sum of the rounded line amounts.
 * <p>
 * Worked example: 30.5 blocks × 0.03 USD = 0.915 USD exactly → 0.92 USD (the third decimal is a
 * 5: half-up rounds away from zero). Three such lines total 2.76 USD, not round(2.745) = 2.75: each
 * line is rounded once, and the total adds the rounded lines.
 *
 * @param featureCode    OVERAGE (and per-feature) lines; null otherwise
 * @param usageUnits     OVERAGE only: units beyond the included ones, before blocks; null otherwise
 * @param creditPackCode CREDIT_PACK only; null otherwise
 * @param servicePeriod  the period billed (BASE: the one starting; usage: the one that ended; a purchase: the
 *                       subscription's open period when it was bought)
 */
public record InvoiceLine(
        LineType type,
        String description,
        String featureCode,
        BigDecimal quantity,
        Money unitPrice,
        Money amount,
        BigDecimal usageUnits,
        String creditPackCode,
        Period servicePeriod) {

    /** A line whose amount is quantity × unit price, rounded once. */
    public static InvoiceLine priced(
            LineType type,
            String description,
            String featureCode,
            BigDecimal quantity,
            Money unitPrice,
            BigDecimal usageUnits,
            String creditPackCode,
            Period servicePeriod) {
        Money amount = CurrencyScale.rounded(unitPrice.times(quantity));
        return new InvoiceLine(
                type,
                description,
                featureCode,
                Money.canonical(quantity),
                unitPrice,
                amount,
                usageUnits == null ? null : Money.canonical(usageUnits),
                creditPackCode,
                servicePeriod);
    }

    /** The line of a credit note cancelling this one: the same line with quantity and amount negated. */
    public InvoiceLine negated() {
        return new InvoiceLine(
                type,
                description,
                featureCode,
                quantity.negate(),
                unitPrice,
                amount.negate(),
                usageUnits,
                creditPackCode,
                servicePeriod);
    }
}
