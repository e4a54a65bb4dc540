package dev.tally.usage.support;

import dev.tally.common.v1.Money;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.CreditsPlan;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.MeteredPlan;
import dev.tally.invoice.v1.OveragePolicy;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;

/** Plans of the three consumption models, as invoice-service's contract writes them. */
public final class Plans {

    private Plans() {}

    public static PlanFeature feature(String code, MeterType type, OveragePolicy policy) {
        return PlanFeature.newBuilder()
                .setFeatureCode(code)
                .setMeterType(type)
                .setOveragePolicy(policy)
                .build();
    }

    /** METERED: chat_tokens 100,000 tokens included; image 10 included. */
    public static Plan metered() {
        return Plan.newBuilder()
                .setPlanId("plan-metered")
                .setPlanVersion(1)
                .setCurrencyCode("USD")
                .setMetered(MeteredPlan.newBuilder()
                        .addFeatures(MeteredFeature.newBuilder()
                                .setFeature(feature(
                                        "chat_tokens", MeterType.METER_TYPE_TOKENS, OveragePolicy.OVERAGE_POLICY_ALLOW))
                                .setIncludedUnits("100000")
                                .setOverageBlockSizeUnits("1000"))
                        .addFeatures(MeteredFeature.newBuilder()
                                .setFeature(feature(
                                        "image", MeterType.METER_TYPE_UNITS, OveragePolicy.OVERAGE_POLICY_BLOCK))
                                .setIncludedUnits("10")
                                .setOverageBlockSizeUnits("1")))
                .build();
    }

    /** CREDITS: image 10 credits per unit (BLOCK), chat_tokens 0.002 credits per token (ALLOW). */
    public static Plan credits() {
        return Plan.newBuilder()
                .setPlanId("plan-credits")
                .setPlanVersion(1)
                .setCurrencyCode("USD")
                .setCredits(CreditsPlan.newBuilder()
                        .setCreditsPerPeriod("1000")
                        .addFeatures(CreditsFeature.newBuilder()
                                .setFeature(feature(
                                        "image", MeterType.METER_TYPE_UNITS, OveragePolicy.OVERAGE_POLICY_BLOCK))
                                .setCreditsPerUnit("10"))
                        .addFeatures(CreditsFeature.newBuilder()
                                .setFeature(feature(
                                        "chat_tokens", MeterType.METER_TYPE_TOKENS, OveragePolicy.OVERAGE_POLICY_ALLOW))
                                .setCreditsPerUnit("0.002")))
                .build();
    }

    /** BALANCE in USD: chat_tokens margin 0.20 (BLOCK), voice_seconds 0.25 USD per unit. */
    public static Plan balance() {
        return balance("USD");
    }

    public static Plan balance(String currency) {
        return Plan.newBuilder()
                .setPlanId("plan-balance-" + currency)
                .setPlanVersion(1)
                .setCurrencyCode(currency)
                .setBalance(BalancePlan.newBuilder()
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature(
                                        "chat_tokens", MeterType.METER_TYPE_TOKENS, OveragePolicy.OVERAGE_POLICY_BLOCK))
                                .setMargin("0.20"))
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature(
                                        "voice_seconds",
                                        MeterType.METER_TYPE_UNITS,
                                        OveragePolicy.OVERAGE_POLICY_ALLOW))
                                .setUnitPrice(
                                        Money.newBuilder().setAmount("0.25").setCurrencyCode(currency))))
                .build();
    }
}
