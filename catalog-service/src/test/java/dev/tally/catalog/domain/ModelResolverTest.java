package dev.tally.catalog.domain;

import dev.tally.catalog.support.BundledPrices;
import dev.tally.support.error.TallyException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Id resolution against the real bundled catalog. */
class ModelResolverTest {

    private static final CatalogSnapshot CATALOG = BundledPrices.snapshot();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            // exact ids
            "gpt-4o, gpt-4o",
            "claude-sonnet-4-5-20250929, claude-sonnet-4-5-20250929",
            "gemini/gemini-2.5-pro, gemini/gemini-2.5-pro",
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
    })
    void resolves(String query, String expected) {
        assertThat(CATALOG.resolve(query).id()).isEqualTo(expected);
    }

    @Test
    void aliasesResolve() {
        Model sonnet = CATALOG.byId("claude-sonnet-4-6");
        Model aliased = new Model(sonnet.id(), sonnet.attributes().withAliases(List.of("team-default-llm")),
                true, sonnet.createdAt(), sonnet.updatedAt(), 2, sonnet.versions());
        CatalogSnapshot withAlias = CATALOG.with(2, List.of(aliased));
        assertThat(withAlias.resolve("team-default-llm").id()).isEqualTo("claude-sonnet-4-6");
    }

    @Test
    void activeModelsWinOverInactiveOnes() {
        Model direct = CATALOG.byId("claude-sonnet-4-6");
        Model inactive = new Model(direct.id(), direct.attributes(), false, direct.createdAt(), direct.updatedAt(), 2,
                direct.versions());
        // the direct model is gone upstream: a bare query now finds an active reseller entry
        assertThat(CATALOG.with(2, List.of(inactive)).resolve("claude-sonnet-4.6").active()).isTrue();
        // ...but its exact id still finds it (it keeps pricing late events)
        assertThat(CATALOG.with(2, List.of(inactive)).resolve("claude-sonnet-4-6").active()).isFalse();
    }

    @Test
    void anUnknownModelIsNotFoundWithUpToThreeCloseMatches() {
        assertThatThrownBy(() -> CATALOG.resolve("gpt-4o-mnii"))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.reason()).isEqualTo("MODEL_NOT_FOUND");
                    List<String> suggestions = List.of(e.metadata().get("suggestions").split(","));
                    assertThat(suggestions).hasSizeBetween(1, 3).first().isEqualTo("gpt-4o-mini");
                    assertThat(e.getMessage()).contains("gpt-4o-mini");
                });
    }

    @Test
    void nothingCloseMeansNoSuggestions() {
        assertThatThrownBy(() -> CATALOG.resolve("zzqx-unheard-of-model-9000"))
                .isInstanceOfSatisfying(TallyException.class,
                        e -> assertThat(e.metadata().get("suggestions")).isEmpty());
    }

    @Test
    void anUnknownProviderPathDoesNotFallBackToAnotherProvider() {
        assertThatThrownBy(() -> CATALOG.resolve("nosuchprovider/gpt-4o"))
                .isInstanceOfSatisfying(TallyException.class,
                        e -> assertThat(e.metadata().get("suggestions")).contains("gpt-4o"));
    }
}
