package dev.tally.usage.domain;

import dev.tally.pricing.Quote;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.MeterType;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What one usage event charges, by the plan's consumption model. Units are the event's value (a
 * units feature) or the sum of its token counts (a token feature).
 * <ul>
 * <li>METERED: units only; nothing is debited (the split into included and overage units is
 * {@link MeteredSplit}, decided against the period's usage when the event is stored).</li>
 * <li>CREDITS: {@code units × credits_per_unit} credits.</li>
 * <li>BALANCE, token feature: the catalog cost of the call at the event's time (the price version
 * in force then) with the feature's margin, a markup on cost: {@code amount = cost × (1 + margin)},
 * {@code margin_amount = amount − cost}. The model's price currency must be the plan's
 * (CURRENCY_MISMATCH otherwise, until exchange rates exist).</li>
 * <li>BALANCE, units feature: {@code value × unit_price}.</li>
 * </ul>
 * Every token event also keeps its provider cost ({@link TokenCost}), whatever the model. Amounts are
 * exact and unrounded (rounding happens once, on the invoice line). A zero amount is not debited.
 *
 * <p>Worked examples:
 * <pre>
 *   CREDITS, image at 10 credits per unit, value 3:     3 × 10 = 30 CREDITS
 *   CREDITS, chat at 0.002 credits per token, 4,800 tokens: 4,800 × 0.002 = 9.6 CREDITS
 *   BALANCE, tokens, margin 0.20, claude-sonnet-4-5 (input 0.000003, output 0.000015,
 *            cache read 0.0000003 USD per token), 10,000 input + 2,000 output + 50,000 cache read:
 *            cost   = 10,000 × 0.000003 + 2,000 × 0.000015 + 50,000 × 0.0000003
 *                   = 0.03 + 0.03 + 0.015 = 0.075 USD
 *            amount = 0.075 × 1.20 = 0.09 USD, margin_amount = 0.09 − 0.075 = 0.015 USD
 *   BALANCE, units, unit price 0.25 USD, value 4:       4 × 0.25 = 1 USD
 *   METERED: 62,000 units, 0 debited
 * </pre>
 */
public final class ChargeRule {

    private ChargeRule() {}

    /**
     * Fails with INVALID_ARGUMENT when the quantity does not fit the feature's meter type: a token
     * feature needs the model and tokens, a units feature a value.
     *
     * @param prefix the field path of the quantity's parent ("" for a request, "requests[3]." for an item)
     */
    public static void requireFits(PlanFeature feature, Quantity quantity, String prefix) {
        if (feature.meterType() == MeterType.TOKENS && !(quantity instanceof Quantity.Tokens)) {
            throw TallyException.invalid(
                    prefix + "token_usage",
                    "feature '" + feature.code() + "' counts tokens: send token_usage (model and tokens)");
        }
        if (feature.meterType() == MeterType.UNITS && quantity instanceof Quantity.Tokens) {
            throw TallyException.invalid(
                    prefix + "value", "feature '" + feature.code() + "' counts units: send value, not token_usage");
        }
    }

    /**
     * The charge of an event.
     *
     * @param quote    the catalog quote of a token event at its occurred time; null for units events
     * @param provider the provider of the quoted model; null for units events
     */
    public static EventCharge charge(
            Entitlement plan, PlanFeature feature, Quantity quantity, Quote quote, String provider) {
        BigDecimal units = Money.canonical(quantity.units());
        TokenCost tokenCost = quote == null
                ? null
                : new TokenCost(
                        quote.modelId(),
                        provider,
                        quote.version().id().toString(),
                        Money.canonical(quote.total()),
                        quote.currency(),
                        quote.appliedTierThreshold() != null,
                        quote.batch());
        return switch (plan.model()) {
            case METERED ->
                new EventCharge(
                        ConsumptionModel.METERED, units, BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, tokenCost);
            case CREDITS ->
                new EventCharge(
                        ConsumptionModel.CREDITS,
                        units,
                        Money.canonical(units.multiply(feature.creditsPerUnit())),
                        "CREDITS",
                        feature.creditsPerUnit(),
                        null,
                        BigDecimal.ZERO,
                        tokenCost);
            case BALANCE -> balance(plan, feature, units, tokenCost);
        };
    }

    private static EventCharge balance(Entitlement plan, PlanFeature feature, BigDecimal units, TokenCost tokenCost) {
        if (tokenCost == null) {
            return new EventCharge(
                    ConsumptionModel.BALANCE,
                    units,
                    Money.canonical(units.multiply(feature.unitPrice())),
                    plan.currency(),
                    feature.unitPrice(),
                    null,
                    BigDecimal.ZERO,
                    null);
        }
        if (!tokenCost.costCurrency().equals(plan.currency())) {
            throw new TallyException(
                    Reason.CURRENCY_MISMATCH,
                    "model '" + tokenCost.modelId() + "' is priced in " + tokenCost.costCurrency()
                            + " but the plan's currency is " + plan.currency()
                            + "; token features are charged in the model's price currency",
                    Map.of(
                            "model_id",
                            tokenCost.modelId(),
                            "price_currency",
                            tokenCost.costCurrency(),
                            "plan_currency",
                            plan.currency()),
                    java.util.List.of());
        }
        BigDecimal cost = tokenCost.providerCost();
        BigDecimal amount = Money.canonical(cost.multiply(BigDecimal.ONE.add(feature.margin())));
        return new EventCharge(
                ConsumptionModel.BALANCE,
                units,
                amount,
                plan.currency(),
                null,
                feature.margin(),
                Money.canonical(amount.subtract(cost)),
                tokenCost);
    }
}
