package dev.tally.catalog.domain;

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
 * models match, the best is: provider match, active, fewest path segments (the provider's own
 * id over resellers'), exact name over a dated one, latest date, shortest id, then alphabetical.
 * Immutable; fuzzy results are memoized.
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
    }

    private void index(String id, Model model) {
        exact.putIfAbsent(id, model);
        exactLower.putIfAbsent(ModelIds.lower(id), model);
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
        Model best = best(path, name);
        if (best == null) {
            String undated = ModelIds.undated(name);
            if (undated != null) {
                best = best(path, undated);
            }
        }
        return best;
    }

    /** The best model named {@code name} (exactly or with a date added) under {@code path}. */
    private Model best(String path, String name) {
        List<Candidate> candidates = new ArrayList<>();
        collect(candidates, byName.get(name), path, false);
        collect(candidates, byUndatedName.get(name), path, true);
        return candidates.stream().min(Candidate.ORDER).map(Candidate::model).orElse(null);
    }

    private static void collect(List<Candidate> into, List<Model> models, String path, boolean dated) {
        if (models == null) {
            return;
        }
        for (Model model : models) {
            int providerMatch = path.isEmpty() ? 0 : ModelIds.providerMatch(path, model);
            if (providerMatch >= 0) {
                into.add(new Candidate(model, providerMatch, dated));
            }
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
                .thenComparing(s -> new Candidate(s.model(), 0, false), Candidate.ORDER));
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Scored s : scored) {
            if (ids.size() == max) {
                break;
            }
            ids.add(s.model().id());
        }
        return List.copyOf(ids);
    }

    private record Scored(Model model, int distance) {
    }

    private record Candidate(Model model, int providerMatch, boolean dated) {
        static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::providerMatch)
                .thenComparing(c -> !c.model().active())
                .thenComparingInt(c -> ModelIds.segments(c.model().id()))
                .thenComparing(Candidate::dated)
                .thenComparing(c -> ModelIds.date(ModelIds.normalizeName(ModelIds.name(c.model().id()))),
                        Comparator.reverseOrder())
                .thenComparingInt(c -> c.model().id().length())
                .thenComparing(c -> c.model().id());
    }
}
