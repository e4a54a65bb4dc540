package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Plan versions for domain tests. */
final class Plans {

    private Plans() {}

    static Feature feature(String code, MeterType meter) {
        return new Feature(code, code, meter == MeterType.TOKENS ? "token" : "unit", meter, OveragePolicy.ALLOW);
    }

    static ModelTerms.MeteredFeature metered(
            String code, String included, String block, String price, OverageRounding rounding) {
        return new ModelTerms.MeteredFeature(
                feature(code, MeterType.TOKENS),
                new BigDecimal(included),
                new BigDecimal(block),
                Money.of(price, "USD"),
                rounding);
    }

    static PlanVersion version(String name, String base, ModelTerms terms) {
        return new PlanVersion(
                "plan_1",
                name.toLowerCase(),
                1,
                "USD",
                new PlanTerms(name, Money.of(base, "USD"), BillingInterval.MONTH, terms),
                PlanStatus.ACTIVE,
                Instant.parse("2026-01-01T00:00:00Z"),
                null);
    }

    static PlanVersion credits(String base, String perPeriod, String pricePerCredit) {
        return version(
                "Credits",
                base,
                new ModelTerms.Credits(
                        new BigDecimal(perPeriod),
                        Money.of(pricePerCredit, "USD"),
                        List.of(),
                        List.of(new ModelTerms.CreditsFeature(feature("image", MeterType.UNITS), BigDecimal.TEN))));
    }

    static PlanVersion balance(String base) {
        return version(
                "Balance",
                base,
                new ModelTerms.Balance(List.of(new ModelTerms.BalanceFeature(
                        feature("ai_chat", MeterType.TOKENS), new BigDecimal("0.2"), null))));
    }
}
