package dev.tally.catalog.domain.sync;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One rate whose value differs between two prices of a model (see {@link RateChanges}).
 *
 * @param rate           a {@link dev.tally.pricing.RateField#apiName()} ("input_cost_per_token", ...)
 *                       or {@link RateChanges#COST_PER_REQUEST}
 * @param thresholdTokens the long-context tier the rate belongs to; 0 for the base rates and the fee
 * @param oldValue       the value before; null when the old price did not set it (or there was none)
 * @param newValue       the value after; null when the new price no longer sets it
 */
public record RateChange(String rate, long thresholdTokens, BigDecimal oldValue, BigDecimal newValue) {

    public RateChange {
        Objects.requireNonNull(rate, "rate");
        if (thresholdTokens < 0) {
            throw new IllegalArgumentException("threshold_tokens must not be negative");
        }
        if (oldValue == null && newValue == null) {
            throw new IllegalArgumentException("a rate change has a value before or after");
        }
    }
}
