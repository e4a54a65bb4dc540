package dev.tally.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SkipReason;
import dev.tally.catalog.domain.sync.SkippedEntries;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SourceModel;
import dev.tally.catalog.support.BundledPrices;
import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.RateField;
import dev.tally.shared.money.Money;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LiteLlmFormatTest {

    private static ParsedSource parse(String json) {
        return SourceFormats.parse(SourceFormat.LITELLM, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<SkipReason, Integer> skipCounts(ParsedSource source) {
        return source.skipped().stream().collect(Collectors.toMap(SkippedEntries::reason, SkippedEntries::count));
    }

    @Test
    void theBundledFileImportsEveryTokenPricedEntryAndCountsTheRest() {
        ParsedSource source = BundledPrices.liteLlm();
        // 2,968 keys = 2,966 models + sample_spec + one more entry; every key is accounted for
        assertThat(source.entries()).isEqualTo(2_968);
        int skipped = source.skipped().stream().mapToInt(SkippedEntries::count).sum();
        assertThat(source.models().size() + skipped).isEqualTo(source.entries());
        assertThat(skipCounts(source))
                .containsEntry(SkipReason.SAMPLE_SPEC, 1)
                .containsKey(SkipReason.NO_TOKEN_PRICING)
                .doesNotContainKey(SkipReason.MALFORMED);
        assertThat(source.models()).hasSizeGreaterThan(2_400);
        assertThat(source.skipped()).allSatisfy(s -> assertThat(s.exampleKeys()).hasSizeBetween(1, 5));
    }

    @Test
    void ratesAreTheExactDecimalsOfTheSourceText() {
        // "3.0001999999999996E-7" through a double would come out as 3.0002E-7
        SourceModel flash = BundledPrices.source("databricks/databricks-gemini-2-5-flash");
        assertThat(Money.plain(flash.price().base().get(RateField.INPUT))).isEqualTo("0.00000030001999999999996");
        // "7.5e-08" is exactly 0.000000075
        assertThat(Money.plain(
                        BundledPrices.source("gpt-4o-mini").price().base().get(RateField.CACHE_READ)))
                .isEqualTo("0.000000075");
    }

    @Test
    void everyRateKindAndTierIsRead() {
        SourceModel sonnet = BundledPrices.source("claude-sonnet-4-5-20250929");
        assertThat(sonnet.provider()).isEqualTo("anthropic");
        assertThat(sonnet.mode()).isEqualTo("chat");
        assertThat(sonnet.maxInputTokens()).isEqualTo(200_000L);
        assertThat(sonnet.price().base().asMap())
                .containsOnlyKeys(
                        RateField.INPUT,
                        RateField.OUTPUT,
                        RateField.CACHE_READ,
                        RateField.CACHE_WRITE,
                        RateField.CACHE_WRITE_1H);
        assertThat(sonnet.price().base().get(RateField.CACHE_WRITE_1H)).isEqualByComparingTo("0.000006");
        assertThat(sonnet.price().tiers()).singleElement().satisfies(tier -> {
            assertThat(tier.thresholdTokens()).isEqualTo(200_000L);
            assertThat(tier.rates().get(RateField.INPUT)).isEqualByComparingTo("0.000006");
            assertThat(tier.rates().get(RateField.OUTPUT)).isEqualByComparingTo("0.0000225");
            assertThat(tier.rates().get(RateField.CACHE_READ)).isEqualByComparingTo("0.0000006");
            assertThat(tier.rates().get(RateField.CACHE_WRITE)).isEqualByComparingTo("0.0000075");
            assertThat(tier.rates().get(RateField.CACHE_WRITE_1H)).isEqualByComparingTo("0.000012");
        });
        SourceModel gpt4o = BundledPrices.source("gpt-4o");
        assertThat(gpt4o.price().base().get(RateField.BATCH_INPUT)).isEqualByComparingTo("0.00000125");
        assertThat(gpt4o.price().base().get(RateField.BATCH_OUTPUT)).isEqualByComparingTo("0.000005");
        assertThat(BundledPrices.source("perplexity/sonar-medium-online")
                        .price()
                        .costPerRequest())
                .isEqualByComparingTo("0.005");
    }

    @Test
    void tieredPricingRangesBecomeBaseRatesAndTiers() {
        SourceModel qwen = BundledPrices.source("dashscope/qwen-plus-2025-07-28");
        assertThat(qwen.price().base().get(RateField.INPUT)).isEqualByComparingTo("0.0000004");
        assertThat(qwen.price().base().get(RateField.REASONING)).isEqualByComparingTo("0.000004");
        assertThat(qwen.price().tiers())
                .extracting(LongContextTier::thresholdTokens)
                .containsExactly(256_000L);
        assertThat(qwen.price().tiers().get(0).rates().get(RateField.OUTPUT)).isEqualByComparingTo("0.0000036");
    }

    @Test
    void badEntriesAreSkippedNotFatal() {
        ParsedSource source = parse("""
                {"sample_spec": {"input_cost_per_token": 0.0},
                 "good": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06},
                 "text-price": {"input_cost_per_token": "abc", "output_cost_per_token": 1e-06},
                 "negative": {"input_cost_per_token": -1e-06, "output_cost_per_token": 1e-06},
                 "not-an-object": 42,
                 "image-only": {"mode": "image_generation", "output_cost_per_image": 0.04},
                 "per-second": {"mode": "audio_transcription", "input_cost_per_second": 0.0001}}
                """);
        assertThat(source.entries()).isEqualTo(7);
        assertThat(source.models()).extracting(SourceModel::id).containsExactly("good");
        assertThat(skipCounts(source))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(SkipReason.SAMPLE_SPEC, 1, SkipReason.MALFORMED, 3, SkipReason.NO_TOKEN_PRICING, 2));
    }

    @Test
    void aDocumentThatIsNotJsonFailsAsAWhole() {
        assertThatThrownBy(() -> parse("{\"gpt-4o\": {\"input_cost_per_token\": 2.5e-06,"))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> parse("[1, 2, 3]"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("")).isInstanceOf(SourceException.class);
    }
}
