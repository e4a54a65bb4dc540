package dev.tally.usage.domain;

import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A billable feature of the customer's plan version, with the terms of the plan's consumption
 * model: {@code includedUnits} (METERED), {@code creditsPerUnit} (CREDITS), {@code margin} for token
 * features or {@code unitPrice} for units features (BALANCE). Terms of other models are null.
 */
public record PlanFeature(
        String code,
        MeterType meterType,
        OveragePolicy overagePolicy,
        BigDecimal includedUnits,
        BigDecimal creditsPerUnit,
        BigDecimal margin,
        BigDecimal unitPrice) {

    public PlanFeature {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(meterType, "meterType");
        Objects.requireNonNull(overagePolicy, "overagePolicy");
    }

    public static PlanFeature metered(String code, MeterType type, OveragePolicy policy, BigDecimal includedUnits) {
        return new PlanFeature(code, type, policy, includedUnits, null, null, null);
    }

    public static PlanFeature credits(String code, MeterType type, OveragePolicy policy, BigDecimal creditsPerUnit) {
        return new PlanFeature(code, type, policy, null, creditsPerUnit, null, null);
    }

    public static PlanFeature balanceTokens(String code, OveragePolicy policy, BigDecimal margin) {
        return new PlanFeature(code, MeterType.TOKENS, policy, null, null, margin, null);
    }

    public static PlanFeature balanceUnits(String code, OveragePolicy policy, BigDecimal unitPrice) {
        return new PlanFeature(code, MeterType.UNITS, policy, null, null, null, unitPrice);
    }
}
