package dev.tally.usage.domain;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.OveragePolicy;
import java.math.BigDecimal;

/**
 * The answer of Check: may the customer go ahead, and why. Nothing is recorded.
 * <ul>
 * <li>METERED: allowed within the remaining included units ({@code WITHIN_ALLOWANCE}); beyond them
 * allowed as {@code OVERAGE} under the ALLOW policy, refused as {@code ALLOWANCE_EXHAUSTED} under
 * BLOCK. Without an estimate the question is "is any allowance left?".</li>
 * <li>CREDITS / BALANCE: allowed when the wallet's available amount covers the estimated charge
 * ({@code COVERED}); otherwise {@code OVERAGE} (ALLOW) or {@code INSUFFICIENT_CREDITS} /
 * {@code INSUFFICIENT_BALANCE} (BLOCK). Without an estimate: "is anything available?".</li>
 * </ul>
 * Worked example: CREDITS, 25 available, image at 10 credits: 2 images (20) COVERED; 3 images (30)
 * under BLOCK INSUFFICIENT_CREDITS, under ALLOW OVERAGE (5 credits of shortfall will be invoiced).
 */
public final class CheckRule {

    /** Why Check answered as it did (the API's CheckReason). */
    public enum Reason {
        WITHIN_ALLOWANCE,
        OVERAGE,
        COVERED,
        INSUFFICIENT_CREDITS,
        INSUFFICIENT_BALANCE,
        FEATURE_NOT_ON_PLAN,
        NO_ACTIVE_SUBSCRIPTION,
        ALLOWANCE_EXHAUSTED
    }

    public record Decision(boolean allowed, Reason reason) {}

    private CheckRule() {}

    /** METERED: {@code units} estimated (null: none), {@code includedLeft} of the allowance. */
    public static Decision metered(OveragePolicy policy, BigDecimal units, BigDecimal includedLeft) {
        boolean fits = units == null ? includedLeft.signum() > 0 : units.compareTo(includedLeft) <= 0;
        if (fits) {
            return new Decision(true, Reason.WITHIN_ALLOWANCE);
        }
        return policy == OveragePolicy.ALLOW
                ? new Decision(true, Reason.OVERAGE)
                : new Decision(false, Reason.ALLOWANCE_EXHAUSTED);
    }

    /** CREDITS / BALANCE: {@code amount} estimated (null: none), {@code available} in the wallet. */
    public static Decision wallet(
            ConsumptionModel model, OveragePolicy policy, BigDecimal amount, BigDecimal available) {
        boolean covered = amount == null ? available.signum() > 0 : available.compareTo(amount) >= 0;
        return covered ? new Decision(true, Reason.COVERED) : uncovered(model, policy);
    }

    /** CREDITS / BALANCE when the wallet does not cover the estimate (or refused to reserve it). */
    public static Decision uncovered(ConsumptionModel model, OveragePolicy policy) {
        if (policy == OveragePolicy.ALLOW) {
            return new Decision(true, Reason.OVERAGE);
        }
        return new Decision(
                false, model == ConsumptionModel.CREDITS ? Reason.INSUFFICIENT_CREDITS : Reason.INSUFFICIENT_BALANCE);
    }
}
