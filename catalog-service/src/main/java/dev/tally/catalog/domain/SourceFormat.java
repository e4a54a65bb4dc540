package dev.tally.catalog.domain;

/** The upstream price list formats a sync understands. */
public enum SourceFormat {
    /** LiteLLM's model_prices_and_context_window.json. */
    LITELLM,
    /** OpenRouter's GET /api/v1/models response. */
    OPENROUTER
}
