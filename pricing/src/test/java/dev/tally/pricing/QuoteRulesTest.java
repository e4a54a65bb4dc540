package dev.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pricing rules one by one: tiers, fallbacks, batch, fees, versions, exactness, limits. */
class QuoteRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static Quote quote(String model, TokenCounts counts, boolean batch) {
        return BundledCatalog.liteLlm().quote(model, counts.withBatch(batch), BundledCatalog.SINCE);
    }

    private static TokenCounts tokens(
            long input, long output, long cacheRead, long cacheWrite, long cacheWrite1h, long reasoning) {
        return new TokenCounts(input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning);
    }

    @Test
    void theTierAppliesOnlyStrictlyAboveItsThreshold() {
        // gemini-2.5-pro: prompt exactly 200,000 → base rates: 200,000 × 0.00000125 = 0.25
        Quote atThreshold = quote("gemini/gemini-2.5-pro", tokens(200_000, 0, 0, 0, 0, 0), false);
        assertThat(atThreshold.total()).isEqualByComparingTo("0.25");
        assertThat(atThreshold.appliedTierThreshold()).isNull();
        // prompt 200,001 → every token at the tier: 200,001 × 0.0000025 = 0.5000025
        Quote above = quote("gemini/gemini-2.5-pro", tokens(200_001, 0, 0, 0, 0, 0), false);
        assertThat(above.total()).isEqualByComparingTo("0.5000025");
        assertThat(above.appliedTierThreshold()).isEqualTo(200_000L);
    }

    @Test
    void cacheWritesAndReadsCountTowardTheThresholdAndUseTheTierRates() {
        // claude-sonnet-4-5-20250929: prompt = 1,000 + 150,000 + 40,000 + 10,000 = 201,000 > 200,000
        // input          1,000 × 0.000006   = 0.006
        // cache read   150,000 × 0.0000006  = 0.09
        // cache write   40,000 × 0.0000075  = 0.3
        // cache write 1h 10,000 × 0.000012  = 0.12
        // output           100 × 0.0000225  = 0.00225
        // total = 0.006 + 0.09 + 0.3 + 0.12 + 0.00225 = 0.51825
        Quote q = quote("claude-sonnet-4-5-20250929", tokens(1_000, 100, 150_000, 40_000, 10_000, 0), false);
        assertThat(q.total()).isEqualByComparingTo("0.51825");
    }

    @Test
    void reasoningTokensDefaultToTheOutputRate() {
        // gpt-4o has no reasoning rate: 1,000 reasoning × 0.00001 (output) = 0.01
        Quote q = quote("gpt-4o", tokens(0, 0, 0, 0, 0, 1_000), false);
        assertThat(q.lines()).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo(TokenType.REASONING);
            assertThat(line.rate()).isEqualByComparingTo("0.00001");
        });
        assertThat(q.total()).isEqualByComparingTo("0.01");
    }

    @Test
    void aSeparateReasoningRateIsUsedWhenTheSourceHasOne() {
        PriceSpec price = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.000001")
                .set(RateField.OUTPUT, "0.000002")
                .set(RateField.REASONING, "0.000003")
                .build());
        // 10 output × 0.000002 = 0.00002; 10 reasoning × 0.000003 = 0.00003; total 0.00005
        Quote q = QuoteCalculator.quote("m", version(price, T0, null), tokens(0, 10, 0, 0, 0, 10));
        assertThat(q.total()).isEqualByComparingTo("0.00005");
    }

    @Test
    void batchRequestsUseBatchRatesAndCacheReadsKeepTheirOwn() {
        // gpt-4o batch: input 4,000 × 0.00000125 = 0.005; output 800 × 0.000005 = 0.004;
        // cache read 6,000 × 0.00000125 (no batch cache rate) = 0.0075; total 0.0165
        Quote q = quote("gpt-4o", tokens(4_000, 800, 6_000, 0, 0, 0), true);
        assertThat(q.total()).isEqualByComparingTo("0.0165");
        assertThat(q.batch()).isTrue();
    }

    @Test
    void batchFallsBackToRegularRatesWhenTheSourceHasNoBatchPrice() {
        // claude-sonnet-4-5 has no batch rates: 1,000 input × 0.000003 = 0.003 either way
        assertThat(quote("claude-sonnet-4-5-20250929", tokens(1_000, 0, 0, 0, 0, 0), true)
                        .total())
                .isEqualByComparingTo("0.003");
    }

    @Test
    void oneHourCacheWritesUseTheirRateOrFallBackToFiveMinuteWrites() {
        // claude-sonnet-4-5: 10,000 × 0.000006 (1 h) = 0.06
        assertThat(quote("claude-sonnet-4-5-20250929", tokens(0, 0, 0, 0, 10_000, 0), false)
                        .total())
                .isEqualByComparingTo("0.06");
        // openrouter/anthropic/claude-sonnet-4.6 has no 1 h rate: 10,000 × 0.00000375 (5 min) = 0.0375
        assertThat(quote("openrouter/anthropic/claude-sonnet-4.6", tokens(0, 0, 0, 0, 10_000, 0), false)
                        .total())
                .isEqualByComparingTo("0.0375");
    }

    @Test
    void cacheRatesFallBackToInput() {
        // gpt-4o has no cache-write rate: 1,000 × 0.0000025 (input) = 0.0025
        assertThat(quote("gpt-4o", tokens(0, 0, 0, 1_000, 0, 0), false).total()).isEqualByComparingTo("0.0025");
    }

    @Test
    void aPerRequestFeeIsAddedOnce() {
        // perplexity/sonar-medium-online: fee 0.005 + 1,000 output × 0.0000018 = 0.0068
        Quote q = quote("perplexity/sonar-medium-online", tokens(100, 1_000, 0, 0, 0, 0), false);
        assertThat(q.requestCost()).isEqualByComparingTo("0.005");
        assertThat(q.total()).isEqualByComparingTo("0.0068");
    }

    @Test
    void ratesWithMoreThanTwelveDecimalsStayExact() {
        // the source says 3.0001999999999996E-7 per token; a double would print 3.0002E-7
        // 1,000,000 × 0.00000030001999999999996 = 0.30001999999999996
        Quote q = quote("databricks/databricks-gemini-2-5-flash", tokens(1_000_000, 0, 0, 0, 0, 0), false);
        assertThat(Money.plain(q.total())).isEqualTo("0.30001999999999996");
    }

    @Test
    void hugeRatesAndCountsStayExact() {
        // 1,000,000,000 input × 0.6 = 600,000,000 and 1,000,000,000 output × 0.9 = 900,000,000
        PriceSpec price = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.6")
                .set(RateField.OUTPUT, "0.9")
                .build());
        Quote q = QuoteCalculator.quote(
                "m", version(price, T0, null), tokens(TokenCounts.MAX_TOKENS, TokenCounts.MAX_TOKENS, 0, 0, 0, 0));
        assertThat(Money.plain(q.total())).isEqualTo("1500000000");
    }

    @Test
    void theFastPathAgreesWithPlainBigDecimalArithmeticForEveryBundledModel() {
        TokenCounts mix = tokens(123_457, 9_871, 654_321, 11_113, 7_771, 3_331);
        for (Model model : BundledCatalog.liteLlm().models()) {
            for (boolean batch : new boolean[] {false, true}) {
                Quote q = QuoteCalculator.quote(model, mix.withBatch(batch), BundledCatalog.SINCE);
                BigDecimal expected = q.requestCost();
                for (CostLine line : q.lines()) {
                    assertThat(line.cost())
                            .isEqualByComparingTo(line.rate().multiply(BigDecimal.valueOf(line.tokens())));
                    expected = expected.add(line.rate().multiply(BigDecimal.valueOf(line.tokens())));
                }
                assertThat(q.total()).as(model.id()).isEqualByComparingTo(expected);
            }
        }
    }

    @Test
    void theVersionInForceAtTheRequestTimeApplies() {
        PriceSpec old = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.000001")
                .set(RateField.OUTPUT, "0.000002")
                .build());
        PriceSpec raised = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.000003")
                .set(RateField.OUTPUT, "0.000004")
                .build());
        Instant t1 = T0.plusSeconds(86_400);
        Model model = model(List.of(version(old, T0, t1), version(raised, t1, null)));
        TokenCounts thousandInput = tokens(1_000, 0, 0, 0, 0, 0);
        // 1 µs before the change: 1,000 × 0.000001 = 0.001; at the change and after: 1,000 × 0.000003 = 0.003
        assertThat(QuoteCalculator.quote(model, thousandInput, t1.minusNanos(1_000))
                        .total())
                .isEqualByComparingTo("0.001");
        assertThat(QuoteCalculator.quote(model, thousandInput, t1).total()).isEqualByComparingTo("0.003");
        assertThat(QuoteCalculator.quote(model, thousandInput, t1.plusSeconds(999_999))
                        .total())
                .isEqualByComparingTo("0.003");
    }

    @Test
    void aTimeBeforeTheFirstVersionIsFailedPrecondition() {
        PriceSpec price = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.000001")
                .set(RateField.OUTPUT, "0.000002")
                .build());
        Model model = model(List.of(version(price, T0, null)));
        assertThatThrownBy(() -> QuoteCalculator.quote(model, tokens(1, 1, 0, 0, 0, 0), T0.minusNanos(1_000)))
                .isInstanceOfSatisfying(PriceNotInEffectException.class, e -> {
                    assertThat(e.modelId()).isEqualTo("m");
                    assertThat(e.firstEffectiveTime()).isEqualTo(T0);
                });
    }

    @Test
    void countsAreBetweenZeroAndOneBillion() {
        assertThat(TokenCounts.rangeProblem(0)).isNull();
        assertThat(TokenCounts.rangeProblem(TokenCounts.MAX_TOKENS)).isNull();
        assertThat(TokenCounts.rangeProblem(-1)).isEqualTo("must not be negative");
        assertThat(TokenCounts.rangeProblem(TokenCounts.MAX_TOKENS + 1)).isEqualTo("must be at most 1000000000");
        assertThatThrownBy(() -> tokens(0, 0, TokenCounts.MAX_TOKENS + 1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache_read_tokens must be at most 1000000000");
    }

    @Test
    void linesListOnlyNonZeroKindsInTokenTypeOrder() {
        Quote q = quote("gpt-4o", tokens(0, 5, 7, 0, 0, 0), false);
        assertThat(q.lines()).extracting(CostLine::type).containsExactly(TokenType.OUTPUT, TokenType.CACHE_READ);
    }

    static PriceVersion version(PriceSpec price, Instant from, Instant to) {
        return new PriceVersion(UUID.randomUUID(), "m", from, to, PriceSource.MANUAL, price, null, from);
    }

    static Model model(List<PriceVersion> versions) {
        return new Model(
                "m",
                new ModelAttributes("p", "chat", List.of(), ModelOrigin.MANUAL, null, null),
                true,
                T0,
                T0,
                1,
                versions);
    }
}
