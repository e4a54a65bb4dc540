package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rule for a bare model id (no provider path) that several providers list: it names the
 * <b>model creator's own API listing</b>, never a reseller's (Azure, Bedrock, Vertex AI,
 * Snowflake, Together, Fireworks, OpenRouter, ...), whose prices may differ. {@code deepseek-v3}
 * is {@code deepseek/deepseek-v3}, not {@code azure_ai/deepseek-v3}; {@code claude-3-5-sonnet}
 * is Anthropic's {@code claude-3-5-sonnet-20240620}, not {@code snowflake/claude-3-5-sonnet}.
 *
 * <p>Who the creator is, for a bare id's name (compared lower case, '.' and '@' read as '-'):
 * <ol>
 *   <li>the first row of {@link #CREATORS} whose name pattern matches the start of the name
 *       ({@code claude…} → anthropic, {@code gemini…} → gemini, {@code grok…} → xai, ...);</li>
 *   <li>otherwise the provider ({@code litellm_provider}) of the source entry keyed by the bare
 *       id itself, e.g. {@code chatdolphin} → nlp_cloud;</li>
 *   <li>otherwise no creator is known and the general order decides (see {@link ModelResolver}).</li>
 * </ol>
 * A candidate is first-party when its provider is one of the creator's own API providers; the
 * earlier in the row, the better ({@link #rank}). In the resolver this comes right after the
 * provider path the caller gave (none for a bare id), before every other preference. It even
 * comes before an exact id when a reseller's synced entry is keyed by the very name the creator
 * lists the model under: {@code gemini-2.0-flash-001}, LiteLLM's key of the Vertex AI entry,
 * resolves to {@code gemini/gemini-2.0-flash-001} (the Vertex entry answers to
 * {@code vertex_ai/gemini-2.0-flash-001}). A reseller's own spelling of an id keeps naming its
 * entry (Bedrock's {@code deepseek.v3.2}), and so does a model priced by hand.
 */
public final class FirstPartyListing {

    /** The rank of a candidate that is not the creator's own listing. */
    public static final int NOT_FIRST_PARTY = Integer.MAX_VALUE;

    /**
     * Model creators, how their models' names start (a regular expression matched at the start
     * of the normalized name and followed by its end, a digit, '-', '_' or ':'), and the providers
     * (LiteLLM {@code litellm_provider} names) that are the creator's own API, best first.
     */
    static final List<Creator> CREATORS = List.of(
            creator("anthropic", "claude", "anthropic"),
            creator(
                    "openai",
                    "(ft:)?(gpt|chatgpt|o1|o3|o4|codex|computer-use|text-embedding-3|text-embedding-ada"
                            + "|omni-moderation|text-moderation|dall-e|whisper|tts|davinci|babbage)",
                    "openai",
                    "text-completion-openai"),
            creator("google", "gemini|gemma|learnlm|deep-research", "gemini"),
            creator(
                    "mistral",
                    "mistral|open-mistral|open-mixtral|open-codestral|mixtral|codestral|pixtral|ministral"
                            + "|magistral|devstral|voxtral",
                    "mistral",
                    "codestral",
                    "text-completion-codestral"),
            creator("deepseek", "deepseek", "deepseek"),
            creator("xai", "grok", "xai"),
            creator(
                    "cohere",
                    "command|embed-english|embed-multilingual|embed-v\\d|rerank-english|rerank-multilingual"
                            + "|rerank-v\\d|c4ai|aya",
                    "cohere",
                    "cohere_chat"),
            creator("ai21", "jamba|j2", "ai21"),
            creator("moonshot", "kimi|moonshot", "moonshot"),
            creator("zai", "glm", "zai"),
            creator("perplexity", "sonar|pplx|r1-1776", "perplexity"),
            creator("alibaba", "qwen|qwq|qvq", "dashscope"),
            creator("minimax", "minimax", "minimax"),
            creator("meta", "llama", "meta_llama"),
            creator("amazon", "nova", "amazon_nova"),
            creator("microsoft", "phi|mai-ds", "azure_ai"),
            creator("ibm", "granite", "watsonx"),
            creator("voyage", "voyage|rerank-\\d|rerank-lite", "voyage"),
            creator("jina", "jina", "jina_ai"),
            creator("bytedance", "doubao", "volcengine"),
            creator("inception", "mercury", "inception", "text-completion-inception"),
            creator("sber", "gigachat", "gigachat"));

    private FirstPartyListing() {}

    /** One row of the creator table. */
    record Creator(String name, Pattern names, List<String> providers) {}

    private static Creator creator(String name, String namePattern, String... providers) {
        return new Creator(name, Pattern.compile("^(" + namePattern + ")($|[-_:0-9])"), List.of(providers));
    }

    /** The creator table's row for a normalized name, or null when no row matches. */
    static Creator creatorOf(String normalizedName) {
        for (Creator creator : CREATORS) {
            if (creator.names().matcher(normalizedName).find()) {
                return creator;
            }
        }
        return null;
    }

    /**
     * How first-party each of {@code candidates} (the models a bare name may mean) is for the
     * name {@code normalizedName}: 0 for the creator's preferred own API, 1 for its next, ...,
     * {@link #NOT_FIRST_PARTY} for everyone else.
     */
    static Ranking ranking(String normalizedName, Collection<Model> candidates) {
        Creator creator = creatorOf(normalizedName);
        if (creator != null) {
            return new Ranking(creator.providers());
        }
        TreeSet<String> bareKeyProviders = new TreeSet<>();
        for (Model model : candidates) {
            if (model.id().indexOf('/') < 0) {
                bareKeyProviders.add(lower(model.provider()));
            }
        }
        return new Ranking(List.copyOf(bareKeyProviders));
    }

    /** The creator's own providers for one name, best first. */
    static final class Ranking {
        private final List<String> providers;

        private Ranking(List<String> providers) {
            this.providers = providers;
        }

        /** 0 for the creator's preferred own API, ..., {@link #NOT_FIRST_PARTY} for a reseller. */
        int rank(Model model) {
            int index = providers.indexOf(lower(model.provider()));
            return index < 0 ? NOT_FIRST_PARTY : index;
        }

        /** Whether the name has a known creator at all. */
        boolean knowsCreator() {
            return !providers.isEmpty();
        }
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
