package dev.tally.catalog.grpc;

import dev.tally.pricing.PriceNotInEffectException;
import dev.tally.pricing.lookup.ModelNotFoundException;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.util.List;
import java.util.Map;

/** The failures of the plain-Java lookup and pricing rules as the API reports them. */
final class CatalogErrors {

    private CatalogErrors() {}

    /**
     * NOT_FOUND (MODEL_NOT_FOUND, metadata {@code model} and comma-separated {@code suggestions}),
     * FAILED_PRECONDITION (PRICE_NOT_IN_EFFECT, metadata {@code model_id}); anything else as it is.
     */
    static Throwable toApi(Throwable failure) {
        if (failure instanceof ModelNotFoundException e) {
            return new TallyException(
                    Reason.MODEL_NOT_FOUND,
                    e.getMessage(),
                    Map.of("model", e.query(), "suggestions", String.join(",", e.suggestions())));
        }
        if (failure instanceof PriceNotInEffectException e) {
            return new TallyException(
                    Reason.PRICE_NOT_IN_EFFECT, e.getMessage(), Map.of("model_id", e.modelId()), List.of());
        }
        return failure;
    }
}
