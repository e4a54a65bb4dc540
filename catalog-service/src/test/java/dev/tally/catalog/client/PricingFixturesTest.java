package dev.tally.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceModel;
import dev.tally.catalog.support.BundledPrices;
import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.RateSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pricing module's tests price with the real catalog without parsing JSON: its fixtures
 * ({@code pricing/src/test/resources/catalog/*.tsv}, read by its {@code BundledCatalog}) are the
 * bundled LiteLLM file and the OpenRouter test file as these parsers read them, one model per line.
 * This test keeps them equal. After a price file changed, rewrite them with
 * {@code ./mvnw -B verify -pl catalog-service -Dtest=PricingFixturesTest -Dtally.pricing.fixtures.write=true -DskipITs}.
 */
class PricingFixturesTest {

    private static final Path FIXTURES = Path.of("..", "pricing", "src", "test", "resources", "catalog");
    private static final String HEADER =
            "# %s as catalog-service's parser reads it (%s); written by its PricingFixturesTest.%n"
                    + "# model\tprovider\tmode\tmax_input_tokens\tmax_output_tokens\tcurrency\tcost_per_request\trates\ttiers%n";

    @Test
    void theLiteLlmFixtureIsTheBundledFile() throws IOException {
        check("litellm-models.tsv", BundledPrices.liteLlm(), BundledPrices.LITELLM_RESOURCE);
    }

    @Test
    void theOpenRouterFixtureIsTheTestFile() throws IOException {
        check("openrouter-models.tsv", BundledPrices.openRouter(), BundledPrices.OPENROUTER_RESOURCE);
    }

    private static void check(String fixture, ParsedSource source, String resource) throws IOException {
        String expected = String.format(Locale.ROOT, HEADER, resource, source.format())
                + source.models().stream().map(PricingFixturesTest::line).collect(Collectors.joining());
        Path file = FIXTURES.resolve(fixture);
        if (Boolean.getBoolean("tally.pricing.fixtures.write")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is not %s as the parser reads it: rewrite it (see this test's comment)", file, resource)
                .isEqualTo(expected);
    }

    /** {@code id provider mode max_in max_out currency fee rates tiers}, tab-separated; "-" for none. */
    private static String line(SourceModel m) {
        PriceSpec price = m.price();
        String tiers = price.tiers().isEmpty()
                ? "-"
                : price.tiers().stream().map(PricingFixturesTest::tier).collect(Collectors.joining(" | "));
        return String.join(
                        "\t",
                        m.id(),
                        m.provider(),
                        m.mode(),
                        count(m.maxInputTokens()),
                        count(m.maxOutputTokens()),
                        price.currency(),
                        price.costPerRequest().toPlainString(),
                        rates(price.base()),
                        tiers)
                + "\n";
    }

    private static String tier(LongContextTier tier) {
        return tier.thresholdTokens() + ": " + rates(tier.rates());
    }

    /** {@code input=0.000003 output=0.000015 cache_read=...}: rate field names in lower case, exact decimals. */
    private static String rates(RateSet rates) {
        return rates.asMap().entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + plain(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static String count(Long value) {
        return value == null ? "-" : value.toString();
    }
}
