package dev.tally.usage.domain;

import dev.tally.shared.plan.ConsumptionModel;
import java.math.BigDecimal;

/**
 * The priced result of one event under its plan ({@link ChargeRule}).
 *
 * @param units      units counted against the feature
 * @param amount     what the wallet is debited: credits (CREDITS) or money in the plan currency
 *                   (BALANCE), full precision; zero for METERED
 * @param currency   the wallet unit of {@code amount}: "CREDITS", the plan currency, or null (METERED)
 * @param rate       credits per unit (CREDITS) or unit price (BALANCE units features); else null
 * @param margin     BALANCE token features: the markup on cost; else null
 * @param marginAmount BALANCE token features: amount − cost; else zero
 * @param tokenCost  token events (any model): the provider cost; null for units events
 */
public record EventCharge(
        ConsumptionModel model,
        BigDecimal units,
        BigDecimal amount,
        String currency,
        BigDecimal rate,
        BigDecimal margin,
        BigDecimal marginAmount,
        TokenCost tokenCost) {

    /** Whether the wallet must be debited: a zero charge (and every METERED event) is not. */
    public boolean needsDebit() {
        return currency != null && amount.signum() > 0;
    }
}
