package dev.tally.pricing.lookup;

import java.util.List;

/** No catalog model answers to the id a caller gave; {@link #suggestions()} are up to 3 close model ids. */
public final class ModelNotFoundException extends RuntimeException {

    private final String query;
    private final List<String> suggestions;

    public ModelNotFoundException(String query, List<String> suggestions) {
        super(
                "model '" + query + "' is not in the catalog"
                        + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(", ", suggestions) + "?"),
                null,
                false,
                false);
        this.query = query;
        this.suggestions = List.copyOf(suggestions);
    }

    /** The id as the caller gave it. */
    public String query() {
        return query;
    }

    public List<String> suggestions() {
        return suggestions;
    }
}
