package dev.tally.usage.app;

import dev.tally.usage.domain.CheckRule;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.Hold;
import dev.tally.usage.domain.WalletBalance;
import java.math.BigDecimal;

/**
 * Check's answer: the decision ({@link CheckRule}), what is left of the allowance or the wallet
 * (null when the plan gave no answer: no subscription, feature not on the plan), the estimated
 * charge (null without a quantity) and the hold a reserve placed (else null).
 */
public record CheckAnswer(CheckRule.Decision decision, Remaining remaining, EventCharge estimate, Hold hold) {

    /** What is left. */
    public sealed interface Remaining {}

    /** METERED: the feature's included units, and the units used this period. */
    public record Allowance(BigDecimal includedUnits, BigDecimal used) implements Remaining {}

    /** CREDITS / BALANCE: the wallet's balance of the unit. */
    public record Wallet(boolean credits, String unit, WalletBalance balance) implements Remaining {}

    static CheckAnswer refused(CheckRule.Reason reason) {
        return new CheckAnswer(new CheckRule.Decision(false, reason), null, null, null);
    }
}
