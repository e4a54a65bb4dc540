package dev.tally.pricing.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pricing.BundledCatalog;
import dev.tally.pricing.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first-party rule for bare ids: its creator table, and every bare id of the whole bundled catalog. */
class FirstPartyListingTest {

    @ParameterizedTest(name = "{0} is made by {1}")
    @CsvSource({
        "claude-sonnet-4-5, anthropic",
        "gpt-4o, openai",
        "o3-mini, openai",
        "ft:gpt-4o-2024-08-06, openai",
        "gemini-2-5-pro, google",
        "gemma-3-27b-it, google",
        "mistral-large-latest, mistral",
        "codestral-latest, mistral",
        "deepseek-v3, deepseek",
        "grok-4, xai",
        "command-r-plus, cohere",
        "kimi-k2-5, moonshot",
        "glm-4-6, zai",
        "qwen3-coder, alibaba",
        "llama-4-maverick, meta",
    })
    void theCreatorTableKnowsTheBigNames(String normalizedName, String creator) {
        assertThat(FirstPartyListing.creatorOf(normalizedName).name()).isEqualTo(creator);
    }

    @Test
    void aPrefixMatchesOnlyAWholeWord() {
        // "o1" is OpenAI's, "o1x-..." is not; "gpt-oss" still starts with the word "gpt"
        assertThat(FirstPartyListing.creatorOf("o1x-preview")).isNull();
        assertThat(FirstPartyListing.creatorOf("gpt-oss-120b").name()).isEqualTo("openai");
        assertThat(FirstPartyListing.creatorOf("anthropic-claude-v2")).isNull();
    }

    @Test
    void withoutATableRowTheProviderOfTheBareKeyIsTheCreator() {
        // chatdolphin: only nlp_cloud's bare entry; a reseller listing it under a path is not first-party
        Model bare = BundledCatalog.liteLlm().byId("chatdolphin");
        FirstPartyListing.Ranking ranking = FirstPartyListing.ranking("chatdolphin", List.of(bare));
        assertThat(ranking.rank(bare)).isZero();
        Model prefixed = BundledCatalog.liteLlm().byId("gpt-4o");
        assertThat(ranking.rank(prefixed)).isEqualTo(FirstPartyListing.NOT_FIRST_PARTY);
        assertThat(FirstPartyListing.ranking("unheard-of", List.of()).knowsCreator())
                .isFalse();
    }

    @Test
    void everyBareIdOfTheBundledLiteLlmCatalogThatHasAFirstPartyEntryResolvesToIt() {
        assertEveryBareIdResolvesToTheCreator("bundled LiteLLM catalog", BundledCatalog.liteLlm());
    }

    @Test
    void andSoDoesTheCatalogWithOpenRouterPricesSyncedToo() {
        CatalogSnapshot both = BundledCatalog.liteLlm().with(2, BundledCatalog.openRouterModels());
        assertEveryBareIdResolvesToTheCreator("LiteLLM + OpenRouter catalog", both);
    }

    /**
     * Every name a model is listed under (the part of its id after the last '/'), sent as a bare
     * id: when a model of that name (or that name plus a date) is the creator's own listing, the
     * id must resolve to one, unless the id is a reseller's own spelling of it (Bedrock's
     * {@code deepseek.v3.2}: that exact id names Bedrock's entry). Prints the counts.
     */
    private static void assertEveryBareIdResolvesToTheCreator(String label, CatalogSnapshot catalog) {
        Map<String, List<Model>> byName = new HashMap<>();
        Map<String, List<Model>> byUndatedName = new HashMap<>();
        TreeSet<String> bareIds = new TreeSet<>();
        for (Model model : catalog.models()) {
            String name = ModelIds.normalizeName(ModelIds.name(model.id()));
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(model);
            String undated = ModelIds.undated(name);
            if (undated != null) {
                byUndatedName.computeIfAbsent(undated, k -> new ArrayList<>()).add(model);
            }
            bareIds.add(ModelIds.name(model.id()));
        }
        int listedBySeveral = 0;
        int withFirstParty = 0;
        int bareKeyOfReseller = 0;
        int resellerSpelling = 0;
        List<String> wrong = new ArrayList<>();
        for (String bareId : bareIds) {
            String name = ModelIds.normalizeName(bareId);
            List<Model> candidates = new ArrayList<>(byName.getOrDefault(name, List.of()));
            candidates.addAll(byUndatedName.getOrDefault(name, List.of()));
            if (candidates.stream().map(Model::provider).distinct().count() > 1) {
                listedBySeveral++;
            }
            FirstPartyListing.Ranking ranking = FirstPartyListing.ranking(name, candidates);
            List<Model> firstParty = candidates.stream()
                    .filter(m -> ranking.rank(m) != FirstPartyListing.NOT_FIRST_PARTY)
                    .toList();
            if (firstParty.isEmpty()) {
                continue;
            }
            Model exact = catalog.byId(bareId);
            if (exact != null && ranking.rank(exact) == FirstPartyListing.NOT_FIRST_PARTY) {
                if (firstParty.stream().noneMatch(m -> ModelIds.name(m.id()).equalsIgnoreCase(bareId))) {
                    resellerSpelling++;
                    assertThat(catalog.resolve(bareId)).isSameAs(exact);
                    continue;
                }
                bareKeyOfReseller++;
            }
            withFirstParty++;
            Model resolved = catalog.resolve(bareId);
            if (!firstParty.contains(resolved)) {
                wrong.add(bareId + " → " + resolved.id() + " (" + resolved.provider() + "), first-party: "
                        + firstParty.stream().map(Model::id).toList());
            }
        }
        System.out.printf(
                "%s: %,d models, %,d distinct bare ids, %,d listed by several providers; "
                        + "%,d have a first-party entry (%,d of them also the key of a reseller's entry), "
                        + "%,d resolve to it, %,d do not; %,d reseller spellings keep their entry%n",
                label,
                catalog.size(),
                bareIds.size(),
                listedBySeveral,
                withFirstParty,
                bareKeyOfReseller,
                withFirstParty - wrong.size(),
                wrong.size(),
                resellerSpelling);
        assertThat(wrong).as(label).isEmpty();
        assertThat(withFirstParty).isPositive();
    }
}
