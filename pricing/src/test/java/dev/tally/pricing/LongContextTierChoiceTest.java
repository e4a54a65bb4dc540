package dev.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The long-context tier rule: strictly above a threshold, every token at the highest tier passed. */
class LongContextTierChoiceTest {

    private static final long[] ONE_TIER = {200_000};
    private static final long[] TWO_TIERS = {200_000, 1_000_000};

    @Test
    void thePromptIsInputPlusCacheReadPlusBothCacheWrites() {
        // 150,000 input + 100,000 cache read + 3,000 cache write (5 min) + 2,000 (1 h) = 255,000;
        // the 5,000 output and 700 reasoning tokens do not count
        TokenCounts counts = new TokenCounts(150_000, 5_000, 100_000, 3_000, 2_000, 700);
        assertThat(LongContextTierChoice.promptTokens(counts)).isEqualTo(255_000);
    }

    @Test
    void aTierAppliesOnlyStrictlyAboveItsThreshold() {
        assertThat(LongContextTierChoice.choose(ONE_TIER, 0)).isEqualTo(LongContextTierChoice.BASE_RATES);
        assertThat(LongContextTierChoice.choose(ONE_TIER, 200_000)).isEqualTo(LongContextTierChoice.BASE_RATES);
        assertThat(LongContextTierChoice.choose(ONE_TIER, 200_001)).isEqualTo(1);
    }

    @Test
    void theHighestThresholdPassedWins() {
        assertThat(LongContextTierChoice.choose(TWO_TIERS, 200_001)).isEqualTo(1);
        assertThat(LongContextTierChoice.choose(TWO_TIERS, 1_000_000)).isEqualTo(1);
        assertThat(LongContextTierChoice.choose(TWO_TIERS, 1_000_001)).isEqualTo(2);
        assertThat(LongContextTierChoice.choose(new long[0], Long.MAX_VALUE))
                .isEqualTo(LongContextTierChoice.BASE_RATES);
    }

    @Test
    void theWorkedExampleEveryTokenAtTheTier() {
        // gemini/gemini-2.5-pro as in the class comment: base input 0.00000125, output 0.00001;
        // above 200,000: input 0.0000025, cache read 0.00000025, output 0.000015
        RateSet base = RateSet.builder()
                .set(RateField.INPUT, "0.00000125")
                .set(RateField.OUTPUT, "0.00001")
                .set(RateField.CACHE_READ, "0.000000125")
                .build();
        RateSet tier = RateSet.builder()
                .set(RateField.INPUT, "0.0000025")
                .set(RateField.OUTPUT, "0.000015")
                .set(RateField.CACHE_READ, "0.00000025")
                .build();
        PriceSpec price = new PriceSpec("USD", base, BigDecimal.ZERO, List.of(new LongContextTier(200_000, tier)));
        PriceVersion version = new PriceVersion(
                UUID.randomUUID(), "m", Instant.EPOCH, null, PriceSource.MANUAL, price, null, Instant.EPOCH);
        // prompt 150,000 + 100,000 = 250,000 > 200,000:
        // 150,000 × 0.0000025 + 100,000 × 0.00000025 + 5,000 × 0.000015 = 0.375 + 0.025 + 0.075 = 0.475
        Quote above = QuoteCalculator.quote("m", version, new TokenCounts(150_000, 5_000, 100_000, 0, 0, 0));
        assertThat(above.total()).isEqualByComparingTo("0.475");
        assertThat(above.appliedTierThreshold()).isEqualTo(200_000L);
        // prompt exactly 200,000: base rates, 200,000 × 0.00000125 = 0.25
        Quote at = QuoteCalculator.quote("m", version, new TokenCounts(200_000, 0, 0, 0, 0, 0));
        assertThat(at.total()).isEqualByComparingTo("0.25");
        assertThat(at.appliedTierThreshold()).isNull();
    }
}
