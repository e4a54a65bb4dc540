package dev.tally.usage.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.QuoteCalculator;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import dev.tally.pricing.TokenCounts;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.TallyException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The worked examples of {@link ChargeRule}, {@link MeteredSplit}, {@link PeriodRule} and {@link CheckRule}. */
class ChargeRuleTest {

    private static final Instant T = Instant.parse("2025-07-10T12:00:00Z");
    private static final Period JULY =
            new Period(Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-08-01T00:00:00Z"));

    private static Entitlement plan(ConsumptionModel model, String currency, PlanFeature... features) {
        Map<String, PlanFeature> map = new java.util.HashMap<>();
        for (PlanFeature f : features) {
            map.put(f.code(), f);
        }
        return new Entitlement(
                "c1",
                "s1",
                "p1",
                1,
                model,
                currency,
                map,
                JULY,
                JULY.end().plus(Duration.ofDays(3)),
                false,
                null,
                null);
    }

    private static Model sonnet(String currency) {
        RateSet rates = RateSet.builder()
                .set(RateField.INPUT, "0.000003")
                .set(RateField.OUTPUT, "0.000015")
                .set(RateField.CACHE_READ, "0.0000003")
                .build();
        PriceVersion v = new PriceVersion(
                UUID.randomUUID(),
                "claude-sonnet-4-5",
                Instant.EPOCH,
                null,
                PriceSource.SYNC,
                new PriceSpec(currency, rates, BigDecimal.ZERO, List.of()),
                UUID.randomUUID(),
                Instant.EPOCH);
        return new Model(
                "claude-sonnet-4-5",
                new ModelAttributes("anthropic", "chat", List.of(), ModelOrigin.LITELLM, null, null),
                true,
                Instant.EPOCH,
                Instant.EPOCH,
                1,
                List.of(v));
    }

    @Test
    void creditsAreUnitsTimesCreditsPerUnit() {
        PlanFeature image = PlanFeature.credits("image", MeterType.UNITS, OveragePolicy.BLOCK, new BigDecimal("10"));
        EventCharge c = ChargeRule.charge(
                plan(ConsumptionModel.CREDITS, "USD", image),
                image,
                new Quantity.Units(new BigDecimal("3")),
                null,
                null);
        // 3 × 10 = 30 CREDITS
        assertThat(c.amount()).isEqualByComparingTo("30");
        assertThat(c.currency()).isEqualTo("CREDITS");
        assertThat(c.needsDebit()).isTrue();
        PlanFeature chat = PlanFeature.credits("chat", MeterType.TOKENS, OveragePolicy.ALLOW, new BigDecimal("0.002"));
        Quantity tokens = new Quantity.Tokens("claude-sonnet-4-5", new TokenCounts(4_000, 800, 0, 0, 0, 0));
        // 4,800 × 0.002 = 9.6
        assertThat(ChargeRule.charge(
                                plan(ConsumptionModel.CREDITS, "USD", chat),
                                chat,
                                tokens,
                                QuoteCalculator.quote(sonnet("USD"), ((Quantity.Tokens) tokens).counts(), T),
                                "anthropic")
                        .amount())
                .isEqualByComparingTo("9.6");
    }

    @Test
    void balanceTokensAreCostTimesOnePlusMargin() {
        PlanFeature chat = PlanFeature.balanceTokens("chat", OveragePolicy.ALLOW, new BigDecimal("0.20"));
        TokenCounts counts = new TokenCounts(10_000, 2_000, 50_000, 0, 0, 0);
        EventCharge c = ChargeRule.charge(
                plan(ConsumptionModel.BALANCE, "USD", chat),
                chat,
                new Quantity.Tokens("claude-sonnet-4-5", counts),
                QuoteCalculator.quote(sonnet("USD"), counts, T),
                "anthropic");
        // cost 0.03 + 0.03 + 0.015 = 0.075; amount 0.075 × 1.2 = 0.09; margin 0.015
        assertThat(c.tokenCost().providerCost()).isEqualByComparingTo("0.075");
        assertThat(c.amount()).isEqualByComparingTo("0.09");
        assertThat(c.marginAmount()).isEqualByComparingTo("0.015");
        assertThat(c.units()).isEqualByComparingTo("62000");
        // a model priced in another currency than the plan's
        assertThatThrownBy(() -> ChargeRule.charge(
                        plan(ConsumptionModel.BALANCE, "EUR", chat),
                        chat,
                        new Quantity.Tokens("claude-sonnet-4-5", counts),
                        QuoteCalculator.quote(sonnet("USD"), counts, T),
                        "anthropic"))
                .isInstanceOf(TallyException.class)
                .extracting(e -> ((TallyException) e).reason())
                .isEqualTo("CURRENCY_MISMATCH");
    }

    @Test
    void balanceUnitsAreValueTimesUnitPriceAndAZeroChargeIsNotDebited() {
        PlanFeature voice = PlanFeature.balanceUnits("voice", OveragePolicy.ALLOW, new BigDecimal("0.25"));
        Entitlement plan = plan(ConsumptionModel.BALANCE, "USD", voice);
        assertThat(ChargeRule.charge(plan, voice, new Quantity.Units(new BigDecimal("4")), null, null)
                        .amount())
                .isEqualByComparingTo("1");
        PlanFeature free = PlanFeature.balanceUnits("free", OveragePolicy.ALLOW, BigDecimal.ZERO);
        assertThat(ChargeRule.charge(plan, free, new Quantity.Units(BigDecimal.ONE), null, null)
                        .needsDebit())
                .isFalse();
    }

    @Test
    void meteredSplitFillsTheAllowanceFirst() {
        // 100,000 included, 90,000 used, 25,000 more: 10,000 included + 15,000 overage
        MeteredSplit split =
                MeteredSplit.of(new BigDecimal("25000"), new BigDecimal("90000"), new BigDecimal("100000"));
        assertThat(split.included()).isEqualByComparingTo("10000");
        assertThat(split.overage()).isEqualByComparingTo("15000");
        MeteredSplit next = MeteredSplit.of(new BigDecimal("5000"), new BigDecimal("115000"), new BigDecimal("100000"));
        assertThat(next.included()).isEqualByComparingTo("0");
        assertThat(next.overage()).isEqualByComparingTo("5000");
        assertThat(ChargeRule.charge(
                                plan(ConsumptionModel.METERED, "USD"),
                                PlanFeature.metered("x", MeterType.UNITS, OveragePolicy.ALLOW, BigDecimal.TEN),
                                new Quantity.Units(BigDecimal.ONE),
                                null,
                                null)
                        .needsDebit())
                .isFalse();
    }

    @Test
    void aPeriodAcceptsEventsUntilItsGraceEnds() {
        Entitlement july = plan(ConsumptionModel.METERED, "USD");
        Instant lastMinute = Instant.parse("2025-07-31T23:59:00Z");
        PeriodRule.requireOpen(july, lastMinute, Instant.parse("2025-08-02T00:00:00Z"));
        assertThatThrownBy(() -> PeriodRule.requireOpen(july, lastMinute, Instant.parse("2025-08-04T00:00:00Z")))
                .extracting(e -> ((TallyException) e).reason())
                .isEqualTo("PERIOD_CLOSED");
        assertThat(PeriodRule.tooFarAhead(T.plusSeconds(301), T)).isTrue();
        assertThat(PeriodRule.tooFarAhead(T.plusSeconds(300), T)).isFalse();
    }

    @Test
    void checkAnswers() {
        // CREDITS, 25 available, 10 credits per image: 2 images covered, 3 not
        assertThat(CheckRule.wallet(
                        ConsumptionModel.CREDITS, OveragePolicy.BLOCK, new BigDecimal("20"), new BigDecimal("25")))
                .isEqualTo(new CheckRule.Decision(true, CheckRule.Reason.COVERED));
        assertThat(CheckRule.wallet(
                        ConsumptionModel.CREDITS, OveragePolicy.BLOCK, new BigDecimal("30"), new BigDecimal("25")))
                .isEqualTo(new CheckRule.Decision(false, CheckRule.Reason.INSUFFICIENT_CREDITS));
        assertThat(CheckRule.wallet(
                        ConsumptionModel.BALANCE, OveragePolicy.ALLOW, new BigDecimal("30"), new BigDecimal("25")))
                .isEqualTo(new CheckRule.Decision(true, CheckRule.Reason.OVERAGE));
        assertThat(CheckRule.metered(OveragePolicy.BLOCK, null, BigDecimal.ZERO))
                .isEqualTo(new CheckRule.Decision(false, CheckRule.Reason.ALLOWANCE_EXHAUSTED));
    }
}
