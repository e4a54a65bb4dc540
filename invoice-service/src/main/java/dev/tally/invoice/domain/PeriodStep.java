package dev.tally.invoice.domain;

import dev.tally.shared.plan.ConsumptionModel;
import java.util.List;

/**
 * The steps of a billing period after it opens, each done once per period and recorded under
 * (subscription, period, step). A step that calls another service sends an idempotency key made of
 * the same three parts ({@link #walletKey}), so repeating it after a crash replays the first call.
 * <p>
 * Opening: {@link #GRANT} (the period's credits or balance, in force exactly for the period).
 * Closing, after the period's grace end, in this order:
 * <ol>
 * <li>{@link #USAGE}: read the period's usage; wait (retry later) while usage-service still has
 * pending debits for it, so the wallet has every debit before anything is settled;</li>
 * <li>{@link #SETTLE} (CREDITS, BALANCE): claim the period's outstanding shortfall in the wallet;
 * the invoice bills exactly what was settled;</li>
 * <li>{@link #EXPIRE} (CREDITS, BALANCE): expire what is left of the period's grants;</li>
 * <li>{@link #INVOICE}: write the closing invoice (next base + this usage) and finalize it.</li>
 * </ol>
 * Settling before expiring is required: a grant may still pay the period's shortfall until the
 * shortfall is claimed, never after, and expiring first would not change what is owed. METERED
 * plans have no wallet steps.
 */
public enum PeriodStep {
    GRANT,
    USAGE,
    SETTLE,
    EXPIRE,
    INVOICE;

    /** The closing steps of a period under this model, in order. */
    public static List<PeriodStep> closing(ConsumptionModel model) {
        return switch (model) {
            case METERED -> List.of(USAGE, INVOICE);
            case CREDITS, BALANCE -> List.of(USAGE, SETTLE, EXPIRE, INVOICE);
        };
    }

    /** The idempotency key of this step's call to another service, e.g. {@code period:sub_1f…/3:settle}. */
    public String walletKey(String periodId) {
        return "period:" + periodId + ":" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
