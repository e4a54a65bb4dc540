package dev.tally.pricing.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pricing.BundledCatalog;
import dev.tally.pricing.Model;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Id resolution against the real bundled catalog. */
class ModelResolverTest {

    private static final CatalogSnapshot CATALOG = BundledCatalog.liteLlm();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        // exact ids
        "gpt-4o, gpt-4o",
        "claude-sonnet-4-5-20250929, claude-sonnet-4-5-20250929",
        "gemini/gemini-2.5-pro, gemini/gemini-2.5-pro",
        "azure_ai/deepseek-v3, azure_ai/deepseek-v3",
        // case does not matter
        "GPT-4o, gpt-4o",
        // provider-prefixed, dots for dashes: the provider's own model, not a reseller's
        "anthropic/claude-sonnet-4.6, claude-sonnet-4-6",
        "anthropic/claude-sonnet-4-5-20250929, claude-sonnet-4-5-20250929",
        "openai/gpt-4o, gpt-4o",
        "deepseek/deepseek-chat, deepseek/deepseek-chat",
        // bare names with dots
        "claude-sonnet-4.6, claude-sonnet-4-6",
        "claude-sonnet-4.5, claude-sonnet-4-5",
        // provider names as other routers spell them
        "google/gemini-2.5-pro, gemini/gemini-2.5-pro",
        "x-ai/grok-4, xai/grok-4",
        // date-suffixed: a missing date finds the dated model, an unknown date the undated one
        "claude-sonnet-4, claude-sonnet-4-20250514",
        "anthropic/claude-sonnet-4, claude-sonnet-4-20250514",
        "claude-sonnet-4-5@20250929, claude-sonnet-4-5-20250929",
        "gpt-4o-2099-01-01, gpt-4o",
        // the openrouter/ prefix: OpenRouter's own entry when there is one, else the provider's
        "openrouter/anthropic/claude-sonnet-4.6, openrouter/anthropic/claude-sonnet-4.6",
        "openrouter/openai/gpt-4o-mini, gpt-4o-mini",
        // a bare id several providers list: the creator's own listing (FirstPartyListing), which
        // ties of equally long ids used to break alphabetically towards azure_ai
        "deepseek-v3, deepseek/deepseek-v3",
        "deepseek-r1, deepseek/deepseek-r1",
        "mistral-large-latest, mistral/mistral-large-latest",
        "grok-3, xai/grok-3",
        "kimi-k2.5, moonshot/kimi-k2.5",
        "glm-4.6, zai/glm-4.6",
        "command-r-plus, command-r-plus",
        // ...even where LiteLLM keys a reseller's entry by the bare id (Vertex AI's Gemini);
        // that entry answers to its provider path
        "gemini-2.0-flash-001, gemini/gemini-2.0-flash-001",
        "vertex_ai/gemini-2.0-flash-001, gemini-2.0-flash-001",
        "vertex_ai-language-models/gemini-2.0-flash-001, gemini-2.0-flash-001",
        // a reseller's own spelling keeps naming its entry: Bedrock's model id for DeepSeek V3.2
        "deepseek.v3.2, deepseek.v3.2",
        "DeepSeek-V3.2, deepseek/deepseek-v3.2",
    })
    void resolves(String query, String expected) {
        assertThat(CATALOG.resolve(query).id()).isEqualTo(expected);
    }

    @Test
    void aliasesResolve() {
        Model sonnet = CATALOG.byId("claude-sonnet-4-6");
        Model aliased = new Model(
                sonnet.id(),
                sonnet.attributes().withAliases(List.of("team-default-llm")),
                true,
                sonnet.createTime(),
                sonnet.updateTime(),
                2,
                sonnet.versions());
        CatalogSnapshot withAlias = CATALOG.with(2, List.of(aliased));
        assertThat(withAlias.resolve("team-default-llm").id()).isEqualTo("claude-sonnet-4-6");
    }

    @Test
    void theCreatorsListingWinsEvenWhenItIsInactive() {
        // Anthropic's entry is gone upstream: it keeps its last price, and a bare id still means it
        CatalogSnapshot catalog = CATALOG.with(2, List.of(deactivated(CATALOG.byId("claude-sonnet-4-6"))));
        assertThat(catalog.resolve("claude-sonnet-4.6").id()).isEqualTo("claude-sonnet-4-6");
        assertThat(catalog.resolve("claude-sonnet-4-6").active()).isFalse();
    }

    @Test
    void amongResellersAnActiveEntryWinsOverAnInactiveOne() {
        // gpt-oss-120b: OpenAI's open model, not on OpenAI's own API, listed by many resellers
        Model first = CATALOG.resolve("gpt-oss-120b");
        assertThat(first.provider()).isNotEqualTo("openai");
        Model next = CATALOG.with(2, List.of(deactivated(first))).resolve("gpt-oss-120b");
        assertThat(next.id()).isNotEqualTo(first.id());
        assertThat(next.active()).isTrue();
    }

    @Test
    void aModelPricedByHandKeepsItsBareId() {
        // an admin priced LiteLLM's Vertex entry gemini-2.0-flash-001 by hand: that id now means it
        Model vertex = CATALOG.byId("gemini-2.0-flash-001");
        PriceVersion synced = vertex.latest();
        PriceVersion manual = new PriceVersion(
                synced.id(),
                synced.modelId(),
                synced.effectiveTime(),
                null,
                PriceSource.MANUAL,
                synced.price(),
                null,
                synced.createTime());
        Model overridden = new Model(
                vertex.id(), vertex.attributes(), true, vertex.createTime(), vertex.updateTime(), 2, List.of(manual));
        assertThat(CATALOG.with(2, List.of(overridden))
                        .resolve("gemini-2.0-flash-001")
                        .id())
                .isEqualTo("gemini-2.0-flash-001");
    }

    @Test
    void anUnknownModelIsNotFoundWithUpToThreeCloseMatches() {
        assertThatThrownBy(() -> CATALOG.resolve("gpt-4o-mnii"))
                .isInstanceOfSatisfying(ModelNotFoundException.class, e -> {
                    assertThat(e.query()).isEqualTo("gpt-4o-mnii");
                    assertThat(e.suggestions()).hasSizeBetween(1, 3).first().isEqualTo("gpt-4o-mini");
                    assertThat(e.getMessage()).contains("gpt-4o-mini");
                });
    }

    @Test
    void nothingCloseMeansNoSuggestions() {
        assertThatThrownBy(() -> CATALOG.resolve("zzqx-unheard-of-model-9000"))
                .isInstanceOfSatisfying(
                        ModelNotFoundException.class,
                        e -> assertThat(e.suggestions()).isEmpty());
    }

    @Test
    void anUnknownProviderPathDoesNotFallBackToAnotherProvider() {
        assertThatThrownBy(() -> CATALOG.resolve("nosuchprovider/gpt-4o"))
                .isInstanceOfSatisfying(
                        ModelNotFoundException.class,
                        e -> assertThat(e.suggestions()).contains("gpt-4o"));
    }

    private static Model deactivated(Model model) {
        return new Model(
                model.id(), model.attributes(), false, model.createTime(), model.updateTime(), 2, model.versions());
    }
}
