package dev.tally.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SkipReason;
import dev.tally.catalog.domain.sync.SkippedEntries;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SourceModel;
import dev.tally.catalog.support.BundledPrices;
import dev.tally.pricing.RateField;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenRouterFormatTest {

    private static final ParsedSource SOURCE = BundledPrices.openRouter();

    private static SourceModel model(String id) {
        return SOURCE.models().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void readsEveryModelOfTheRealResponse() {
        assertThat(SOURCE.entries()).isEqualTo(414);
        int skipped = SOURCE.skipped().stream().mapToInt(SkippedEntries::count).sum();
        assertThat(SOURCE.models().size() + skipped).isEqualTo(414);
        // the routers priced "-1" (price depends on the routed model) have no token pricing
        assertThat(SOURCE.skipped()).anySatisfy(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.NO_TOKEN_PRICING);
            assertThat(s.exampleKeys()).contains("openrouter/auto");
        });
    }

    @Test
    void pricesAreExactDecimalStringsWithLiteLlmStyleIds() {
        SourceModel sonnet = model("openrouter/anthropic/claude-sonnet-4.6");
        assertThat(sonnet.provider()).isEqualTo("openrouter");
        assertThat(sonnet.maxInputTokens()).isEqualTo(1_000_000L);
        assertThat(sonnet.price().base().get(RateField.INPUT)).isEqualByComparingTo("0.000003");
        assertThat(sonnet.price().base().get(RateField.OUTPUT)).isEqualByComparingTo("0.000015");
        assertThat(sonnet.price().base().get(RateField.CACHE_READ)).isEqualByComparingTo("0.0000003");
        assertThat(sonnet.price().base().get(RateField.CACHE_WRITE)).isEqualByComparingTo("0.00000375");
        assertThat(sonnet.price().base().get(RateField.CACHE_WRITE_1H)).isEqualByComparingTo("0.000006");
    }

    @Test
    void overridesBecomeLongContextTiers() {
        SourceModel gemini = model("openrouter/google/gemini-2.5-pro");
        assertThat(gemini.price().base().get(RateField.REASONING)).isEqualByComparingTo("0.00001");
        assertThat(gemini.price().tiers()).singleElement().satisfies(tier -> {
            assertThat(tier.thresholdTokens()).isEqualTo(200_000L);
            assertThat(tier.rates().get(RateField.INPUT)).isEqualByComparingTo("0.0000025");
            assertThat(tier.rates().get(RateField.OUTPUT)).isEqualByComparingTo("0.000015");
        });
    }

    @Test
    void duplicatesAndBadItemsAreSkipped() {
        ParsedSource source = SourceFormats.parse(SourceFormat.OPENROUTER, """
                {"data": [
                  {"id": "a/one", "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
                  {"id": "a/one", "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
                  {"id": "a/bad", "pricing": {"prompt": "cheap", "completion": "0.000002"}},
                  {"name": "no id"},
                  {"id": "a/free", "pricing": {"prompt": "0", "completion": "0"}}
                ]}""".getBytes(StandardCharsets.UTF_8));
        assertThat(source.models())
                .extracting(SourceModel::id)
                .containsExactly("openrouter/a/one", "openrouter/a/free");
        assertThat(source.skipped())
                .extracting(SkippedEntries::reason, SkippedEntries::count)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(SkipReason.DUPLICATE, 1),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.MALFORMED, 2));
    }

    @Test
    void aResponseWithoutDataFailsAsAWhole() {
        assertThatThrownBy(() -> SourceFormats.parse(
                        SourceFormat.OPENROUTER, "{\"error\": \"rate limited\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("data");
    }
}
