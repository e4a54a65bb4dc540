package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How model ids are compared: {@code anthropic/claude-sonnet-4.6} is provider path
 * {@code anthropic} and name {@code claude-sonnet-4.6}; names compare case-insensitively with dots
 * and {@code @} read as dashes, so it matches {@code claude-sonnet-4-6}; a trailing date
 * ({@code -20250929}, {@code -2024-08-06}, {@code @20250514}) may be missing or extra.
 */
final class ModelIds {

    static final String OPENROUTER_PREFIX = "openrouter/";

    private static final Pattern DATE_SUFFIX = Pattern.compile("^(.+)-(\\d{8}|\\d{4}-\\d{2}-\\d{2})$");

    /** Names a caller may use for a provider that the sources call differently. */
    private static final Map<String, List<String>> PROVIDER_SYNONYMS = Map.of(
            "google", List.of("gemini", "vertex_ai-language-models"),
            "x-ai", List.of("xai"),
            "mistralai", List.of("mistral"));

    private ModelIds() {}

    static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /** The part after the last '/', e.g. {@code gemini-2.5-pro} of {@code gemini/gemini-2.5-pro}. */
    static String name(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** The provider path before the last '/', or "" when the id has none. */
    static String path(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? "" : id.substring(0, slash);
    }

    /** A name as compared: lower case, '.' and '@' read as '-'. */
    static String normalizeName(String name) {
        return lower(name).replace('.', '-').replace('@', '-');
    }

    /** The normalized name without its trailing date, or null when it has none. */
    static String undated(String normalizedName) {
        Matcher m = DATE_SUFFIX.matcher(normalizedName);
        return m.matches() ? m.group(1) : null;
    }

    /** The trailing date's digits (e.g. "20250929"), or "" when there is none. */
    static String date(String normalizedName) {
        Matcher m = DATE_SUFFIX.matcher(normalizedName);
        return m.matches() ? m.group(2).replace("-", "") : "";
    }

    static int segments(String id) {
        int count = 0;
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    /**
     * How well a model matches a provider path the caller gave (lower is better, -1 none):
     * 0 its provider, 1 its id path, 2 + i the i-th known synonym of its provider (google →
     * gemini, then vertex), 8 a provider of the path's family ({@code vertex_ai} for
     * {@code vertex_ai-language-models}), 10 the end of its id path
     * ({@code openrouter/anthropic/...} for {@code anthropic}).
     */
    static int providerMatch(String wantedPath, Model model) {
        String provider = lower(model.provider());
        String path = lower(path(model.id()));
        if (provider.equals(wantedPath)) {
            return 0;
        }
        if (path.equals(wantedPath)) {
            return 1;
        }
        int synonym = PROVIDER_SYNONYMS.getOrDefault(wantedPath, List.of()).indexOf(provider);
        if (synonym >= 0) {
            return 2 + synonym;
        }
        if (provider.startsWith(wantedPath + "-")) {
            return 8;
        }
        if (path.endsWith("/" + wantedPath)) {
            return 10;
        }
        return -1;
    }
}
