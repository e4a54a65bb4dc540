package dev.tally.catalog.domain.sync;

import dev.tally.pricing.RateField;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Holds a sync that looks like broken upstream data instead of applying it (see
 * {@link GuardLimits}). A price changes "by more than f times" when its base input or output rate
 * rises above f × the old rate or falls below old / f; a rate going from zero to non-zero (or
 * back) counts too. All comparisons are exact.
 */
public final class SyncGuard {

    private SyncGuard() {}

    /** Why the plan must be held, or empty to apply it. */
    public static Optional<String> holdReason(SyncPlan plan, GuardLimits limits) {
        int deactivated = plan.counts().deactivated();
        if (exceeds(deactivated, plan.activeBefore(), limits.maxDeactivatedRatio())) {
            return Optional.of("would deactivate " + deactivated + " of " + plan.activeBefore() + " models ("
                    + percent(deactivated, plan.activeBefore()) + " > " + percent(limits.maxDeactivatedRatio()) + ")");
        }
        long wild = plan.repricings().stream()
                .filter(r -> isWild(r, limits.repriceFactor()))
                .count();
        if (exceeds(wild, plan.comparable(), limits.maxRepricedRatio())) {
            return Optional.of("would change " + wild + " of " + plan.comparable() + " prices by more than "
                    + limits.repriceFactor().stripTrailingZeros().toPlainString() + "x ("
                    + percent(wild, plan.comparable()) + " > " + percent(limits.maxRepricedRatio()) + ")");
        }
        return Optional.empty();
    }

    static boolean isWild(SyncPlan.Repricing repricing, BigDecimal factor) {
        return changedBeyond(
                        repricing.before().base().get(RateField.INPUT),
                        repricing.after().base().get(RateField.INPUT),
                        factor)
                || changedBeyond(
                        repricing.before().base().get(RateField.OUTPUT),
                        repricing.after().base().get(RateField.OUTPUT),
                        factor);
    }

    private static boolean changedBeyond(BigDecimal before, BigDecimal after, BigDecimal factor) {
        if (before.signum() == 0 || after.signum() == 0) {
            return before.signum() != after.signum();
        }
        return after.compareTo(before.multiply(factor)) > 0 || before.compareTo(after.multiply(factor)) > 0;
    }

    /** part / whole > ratio, exactly (never with an empty whole). */
    private static boolean exceeds(long part, long whole, BigDecimal ratio) {
        return whole > 0 && BigDecimal.valueOf(part).compareTo(ratio.multiply(BigDecimal.valueOf(whole))) > 0;
    }

    private static String percent(long part, long whole) {
        return percent(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP));
    }

    private static String percent(BigDecimal ratio) {
        return ratio.multiply(BigDecimal.valueOf(100))
                        .setScale(1, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }
}
