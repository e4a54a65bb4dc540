package dev.tally.catalog.domain;

/**
 * Which source a model belongs to: a sync only deactivates models of its own source format, and
 * never models created by hand.
 */
public enum ModelOrigin {
    LITELLM,
    OPENROUTER,
    MANUAL;

    public static ModelOrigin of(SourceFormat format) {
        return format == SourceFormat.LITELLM ? LITELLM : OPENROUTER;
    }
}
