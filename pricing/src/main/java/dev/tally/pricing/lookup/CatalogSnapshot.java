package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;
import dev.tally.pricing.Quote;
import dev.tally.pricing.QuoteCalculator;
import dev.tally.pricing.TokenCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole catalog as of one revision, immutable: what every read (quotes, lookups, listings,
 * watch snapshots) is served from. A change produces a new snapshot ({@link #with}).
 */
public final class CatalogSnapshot {

    private static final int MAX_SUGGESTIONS = 3;

    private final long revision;
    private final Map<String, Model> byId;
    private final List<Model> sorted;
    private final ModelResolver resolver;

    private CatalogSnapshot(long revision, Map<String, Model> byId) {
        this.revision = revision;
        this.byId = Collections.unmodifiableMap(byId);
        List<Model> list = new ArrayList<>(byId.values());
        list.sort((a, b) -> a.id().compareTo(b.id()));
        this.sorted = Collections.unmodifiableList(list);
        this.resolver = new ModelResolver(sorted);
    }

    public static CatalogSnapshot empty() {
        return new CatalogSnapshot(0, new HashMap<>());
    }

    public static CatalogSnapshot of(long revision, Collection<Model> models) {
        return empty().with(revision, models);
    }

    /** This catalog with {@code changed} models replaced or added, at {@code newRevision}. */
    public CatalogSnapshot with(long newRevision, Collection<Model> changed) {
        Map<String, Model> copy = new HashMap<>(byId);
        changed.forEach(model -> copy.put(model.id(), model));
        return new CatalogSnapshot(newRevision, copy);
    }

    public long revision() {
        return revision;
    }

    public int size() {
        return sorted.size();
    }

    /** Every model, ordered by id. */
    public List<Model> models() {
        return sorted;
    }

    public Model byId(String id) {
        return byId.get(id);
    }

    /** The model {@code query} names ({@link ModelResolver}); {@link ModelNotFoundException} with close matches otherwise. */
    public Model resolve(String query) {
        return resolver.find(query)
                .orElseThrow(() -> new ModelNotFoundException(query, resolver.closeMatches(query, MAX_SUGGESTIONS)));
    }

    /** The cost of a request to the model {@code query} names, with the price in force at {@code at}. */
    public Quote quote(String query, TokenCounts counts, Instant at) {
        return QuoteCalculator.quote(resolve(query), counts, at);
    }

    /**
     * Up to {@code limit} models matching {@code filter} with an id after {@code afterId} (null:
     * from the start), in id order, and how many match in all. Paging (page size, tokens, whether
     * a next page exists) is the API's business: it asks for one model more than a page.
     */
    public ModelPage list(ModelFilter filter, String afterId, int limit) {
        List<Model> models = new ArrayList<>(Math.min(limit, 256));
        int total = 0;
        for (Model model : sorted) {
            if (!filter.matches(model)) {
                continue;
            }
            total++;
            if (models.size() < limit && (afterId == null || model.id().compareTo(afterId) > 0)) {
                models.add(model);
            }
        }
        return new ModelPage(models, total);
    }
}
