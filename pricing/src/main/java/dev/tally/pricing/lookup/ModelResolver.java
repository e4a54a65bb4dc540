package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the model a caller means. In order: the exact id or alias; the same ignoring case; the
 * id without an {@code openrouter/} prefix; then by provider path and name (see {@link ModelIds}):
 * {@code anthropic/claude-sonnet-4.6} finds {@code claude-sonnet-4-6} of provider anthropic,
 * {@code claude-sonnet-4} finds the dated {@code claude-sonnet-4-20250514}, and
 * {@code gpt-4o-2099-01-01} (an unknown dated snapshot) finds {@code gpt-4o}. When several
 * models match, the best is: provider match, the creator's own listing
 * ({@link FirstPartyListing}: a bare id never resolves to a reseller when the creator lists the
 * model), active, fewest path segments, exact name over a dated one, latest date, shortest id,
 * then alphabetical. A bare id that is the key of a reseller's synced entry resolves to the
 * creator's listing too. Immutable; fuzzy results are memoized.
 */
public final class ModelResolver {

    private static final int MEMO_LIMIT = 50_000;

    private final Map<String, Model> exact = new HashMap<>();
    private final Map<String, Model> exactLower = new HashMap<>();
    private final Map<String, List<Model>> byName = new HashMap<>();
    private final Map<String, List<Model>> byUndatedName = new HashMap<>();
    private final Collection<Model> models;
    private final Map<String, Optional<Model>> memo = new ConcurrentHashMap<>();
    private final Map<String, List<String>> suggestionMemo = new ConcurrentHashMap<>();

    public ModelResolver(Collection<Model> models) {
        this.models = models;
        for (Model model : models) {
            index(model.id(), model);
            model.attributes().aliases().forEach(alias -> index(alias, model));
            String name = ModelIds.normalizeName(ModelIds.name(model.id()));
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(model);
            String undated = ModelIds.undated(name);
            if (undated != null) {
                byUndatedName.computeIfAbsent(undated, k -> new ArrayList<>()).add(model);
            }
        }
        models.forEach(this::sendBareResellerKeyToCreator);
    }

    private void index(String id, Model model) {
        exact.putIfAbsent(id, model);
        exactLower.putIfAbsent(ModelIds.lower(id), model);
    }

    /**
     * A bare id keyed by a reseller's synced entry, written exactly as the creator names its own
     * listing, means the creator's listing ({@link FirstPartyListing}); the reseller's entry stays
     * reachable by its provider path. A reseller's own spelling (Bedrock's {@code deepseek.v3.2}
     * for DeepSeek's {@code deepseek-v3.2}) keeps naming the reseller's entry.
     */
    private void sendBareResellerKeyToCreator(Model model) {
        if (model.id().indexOf('/') >= 0 || model.manualOverride()) {
            return;
        }
        Choice choice = best("", ModelIds.normalizeName(model.id()));
        if (choice != null
                && choice.model() != model
                && choice.firstPartyRank() != FirstPartyListing.NOT_FIRST_PARTY
                && choice.ranking().rank(model) == FirstPartyListing.NOT_FIRST_PARTY
                && ModelIds.name(choice.model().id()).equalsIgnoreCase(model.id())) {
            exact.put(model.id(), choice.model());
            exactLower.put(ModelIds.lower(model.id()), choice.model());
        }
    }

    public Optional<Model> find(String query) {
        Model hit = exact.get(query);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<Model> known = memo.get(query);
        if (known != null) {
            return known;
        }
        Optional<Model> found = Optional.ofNullable(fuzzy(ModelIds.lower(query.trim())));
        if (memo.size() < MEMO_LIMIT) {
            memo.put(query, found);
        }
        return found;
    }

    private Model fuzzy(String query) {
        Model hit = exactLower.get(query);
        if (hit != null) {
            return hit;
        }
        String q = query;
        if (q.startsWith(ModelIds.OPENROUTER_PREFIX) && q.length() > ModelIds.OPENROUTER_PREFIX.length()) {
            q = q.substring(ModelIds.OPENROUTER_PREFIX.length());
            hit = exactLower.get(q);
            if (hit != null) {
                return hit;
            }
        }
        String path = ModelIds.path(q);
        String name = ModelIds.normalizeName(ModelIds.name(q));
        Choice best = best(path, name);
        if (best == null) {
            String undated = ModelIds.undated(name);
            if (undated != null) {
                best = best(path, undated);
            }
        }
        return best == null ? null : best.model();
    }

    /** The best model named {@code name} (exactly or with a date added) under {@code path}, or null. */
    private Choice best(String path, String name) {
        List<Model> named = new ArrayList<>();
        addAll(named, byName.get(name));
        addAll(named, byUndatedName.get(name));
        if (named.isEmpty()) {
            return null;
        }
        FirstPartyListing.Ranking ranking = FirstPartyListing.ranking(name, named);
        Candidate best = null;
        for (Model model : named) {
            int providerMatch = path.isEmpty() ? 0 : ModelIds.providerMatch(path, model);
            if (providerMatch < 0) {
                continue;
            }
            boolean dated = !ModelIds.normalizeName(ModelIds.name(model.id())).equals(name);
            Candidate candidate = new Candidate(model, providerMatch, ranking.rank(model), dated);
            if (best == null || Candidate.ORDER.compare(candidate, best) < 0) {
                best = candidate;
            }
        }
        return best == null ? null : new Choice(best.model(), best.firstPartyRank(), ranking);
    }

    private static void addAll(List<Model> into, List<Model> models) {
        if (models != null) {
            into.addAll(models);
        }
    }

    /**
     * Up to {@code max} model ids closest to {@code query} by edit distance of their names (at
     * most a third of the name's length, and at least 2, apart), best first.
     */
    public List<String> closeMatches(String query, int max) {
        List<String> known = suggestionMemo.get(query);
        if (known == null) {
            known = computeCloseMatches(query, max);
            if (suggestionMemo.size() < MEMO_LIMIT) {
                suggestionMemo.put(query, known);
            }
        }
        return known;
    }

    private List<String> computeCloseMatches(String query, int max) {
        String q = ModelIds.lower(query.trim());
        if (q.startsWith(ModelIds.OPENROUTER_PREFIX)) {
            q = q.substring(ModelIds.OPENROUTER_PREFIX.length());
        }
        String name = ModelIds.normalizeName(ModelIds.name(q));
        int limit = Math.max(2, name.length() / 3);
        List<Scored> scored = new ArrayList<>();
        for (Model model : models) {
            int distance = EditDistance.atMost(name, ModelIds.normalizeName(ModelIds.name(model.id())), limit);
            if (distance <= limit) {
                scored.add(new Scored(model, distance));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance)
                .thenComparing(s -> new Candidate(s.model(), 0, 0, false), Candidate.ORDER));
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Scored s : scored) {
            if (ids.size() == max) {
                break;
            }
            ids.add(s.model().id());
        }
        return List.copyOf(ids);
    }

    private record Scored(Model model, int distance) {}

    /** The winner among the models a name may mean, with how first-party it is. */
    private record Choice(Model model, int firstPartyRank, FirstPartyListing.Ranking ranking) {}

    private record Candidate(Model model, int providerMatch, int firstPartyRank, boolean dated) {
        static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::providerMatch)
                .thenComparingInt(Candidate::firstPartyRank)
                .thenComparing(c -> !c.model().active())
                .thenComparingInt(c -> ModelIds.segments(c.model().id()))
                .thenComparing(Candidate::dated)
                .thenComparing(
                        c -> ModelIds.date(
                                ModelIds.normalizeName(ModelIds.name(c.model().id()))),
                        Comparator.reverseOrder())
                .thenComparingInt(c -> c.model().id().length())
                .thenComparing(c -> c.model().id());
    }
}
