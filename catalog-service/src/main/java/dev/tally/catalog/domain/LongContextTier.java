package dev.tally.catalog.domain;

import java.util.Objects;

/**
 * Higher rates for long requests: when a request's prompt tokens (input + cache read + cache
 * write) are strictly greater than {@code thresholdTokens}, every token of the request is priced
 * at these rates (absent ones fall back to the version's base rates first).
 */
public record LongContextTier(long thresholdTokens, RateSet rates) {

    public LongContextTier {
        if (thresholdTokens <= 0) {
            throw new IllegalArgumentException("threshold_tokens must be positive");
        }
        Objects.requireNonNull(rates, "rates");
    }
}
