package dev.tally.pricing;

import java.util.Objects;

/**
 * Higher rates for long requests, in force above {@code thresholdTokens} prompt tokens; which tier
 * a request pays is decided by {@link LongContextTierChoice}. Rates the tier does not set fall
 * back to the version's base rates first.
 */
public record LongContextTier(long thresholdTokens, RateSet rates) {

    public LongContextTier {
        if (thresholdTokens <= 0) {
            throw new IllegalArgumentException("threshold_tokens must be positive");
        }
        Objects.requireNonNull(rates, "rates");
    }
}
