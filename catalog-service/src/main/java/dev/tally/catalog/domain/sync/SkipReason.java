package dev.tally.catalog.domain.sync;

/** Why a source entry was not imported; skipped entries are counted, never fatal. */
public enum SkipReason {
    /** LiteLLM's "sample_spec" documentation entry. */
    SAMPLE_SPEC,
    /** No per-token input and output price (image, audio, per-second, per-character pricing...). */
    NO_TOKEN_PRICING,
    /** A price field is not a non-negative decimal, or the entry is not an object. */
    MALFORMED,
    /** The model's latest price is manual; the synced price is ignored. */
    MANUAL_OVERRIDE,
    /** The entry repeats a model id already read in this run. */
    DUPLICATE
}
