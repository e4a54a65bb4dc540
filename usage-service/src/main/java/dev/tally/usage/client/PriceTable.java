package dev.tally.usage.client;

import dev.tally.pricing.Model;
import dev.tally.pricing.PriceNotInEffectException;
import dev.tally.pricing.Quote;
import dev.tally.pricing.TokenCounts;
import dev.tally.pricing.lookup.CatalogSnapshot;
import dev.tally.pricing.lookup.ModelNotFoundException;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The catalog's whole price table in memory (every model with its full price history), fed by
 * {@link PriceFeed}: events are priced here, with the pricing module's rules, without a network hop.
 * Until the first snapshot arrives there is no table and pricing is UNAVAILABLE (and the service is
 * not ready); when the stream drops, pricing goes on with the last table until a new snapshot
 * replaces it.
 */
@ApplicationScoped
public class PriceTable {

    private volatile CatalogSnapshot snapshot;

    /** Whether a complete snapshot has been loaded. */
    public boolean loaded() {
        return snapshot != null;
    }

    /** The catalog revision of the table, or -1 before the first snapshot. */
    public long revision() {
        CatalogSnapshot current = snapshot;
        return current == null ? -1 : current.revision();
    }

    /** Number of models in the table. */
    public int size() {
        CatalogSnapshot current = snapshot;
        return current == null ? 0 : current.size();
    }

    /** Replaces the table with a complete snapshot. */
    public void replace(long revision, Collection<Model> models) {
        snapshot = CatalogSnapshot.of(revision, models);
    }

    /** Applies one change (models replaced or added) to the current table. */
    public synchronized void apply(long revision, Collection<Model> changed) {
        CatalogSnapshot current = snapshot;
        if (current != null) {
            snapshot = current.with(revision, changed);
        }
    }

    /** The table, or UNAVAILABLE before the first snapshot. */
    public CatalogSnapshot current() {
        CatalogSnapshot current = snapshot;
        if (current == null) {
            throw TallyException.unavailable(
                    "the price table is not loaded yet (catalog-service unreachable), retry later");
        }
        return current;
    }

    /** The model a caller's id names, with the catalog's errors (MODEL_NOT_FOUND with suggestions). */
    public Model resolve(String model) {
        try {
            return current().resolve(model);
        } catch (ModelNotFoundException e) {
            throw modelNotFound(e);
        }
    }

    /**
     * The exact cost of a call at {@code at}, priced like catalog QuoteCost: MODEL_NOT_FOUND (with
     * suggestions) or PRICE_NOT_IN_EFFECT as the catalog answers them.
     */
    public Quote quote(String model, TokenCounts counts, Instant at) {
        try {
            return current().quote(model, counts, at);
        } catch (ModelNotFoundException e) {
            throw modelNotFound(e);
        } catch (PriceNotInEffectException e) {
            throw new TallyException(
                    Reason.PRICE_NOT_IN_EFFECT, e.getMessage(), Map.of("model_id", e.modelId()), List.of());
        }
    }

    private static TallyException modelNotFound(ModelNotFoundException e) {
        return new TallyException(
                Reason.MODEL_NOT_FOUND,
                e.getMessage(),
                Map.of("model", e.query(), "suggestions", String.join(",", e.suggestions())));
    }
}
