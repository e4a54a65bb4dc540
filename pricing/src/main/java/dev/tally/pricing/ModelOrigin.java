package dev.tally.pricing;

/**
 * Which source a model belongs to: a sync only deactivates models of its own source format, and
 * never models created by hand.
 */
public enum ModelOrigin {
    /** Synced from a LiteLLM-format source. */
    LITELLM,
    /** Synced from an OpenRouter-format source. */
    OPENROUTER,
    /** Created by UpsertModelPrice. */
    MANUAL
}
