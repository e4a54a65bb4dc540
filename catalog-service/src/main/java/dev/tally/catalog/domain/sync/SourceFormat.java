package dev.tally.catalog.domain.sync;

import dev.tally.pricing.ModelOrigin;

/** The upstream price list formats a sync understands. */
public enum SourceFormat {
    /** LiteLLM's model_prices_and_context_window.json. */
    LITELLM,
    /** OpenRouter's GET /api/v1/models response. */
    OPENROUTER;

    /** The origin of the models this format's syncs create (and alone may deactivate). */
    public ModelOrigin origin() {
        return switch (this) {
            case LITELLM -> ModelOrigin.LITELLM;
            case OPENROUTER -> ModelOrigin.OPENROUTER;
        };
    }
}
