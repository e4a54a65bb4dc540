package dev.tally.catalog.domain.manual;

import dev.tally.pricing.RateField;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A manual price as a client sent it (rates still text), before {@link ManualPriceRule} checks it.
 *
 * @param effectiveTime null means now
 */
public record ManualPriceDraft(
        String modelId,
        String provider,
        String mode,
        List<String> aliases,
        String currency,
        Map<RateField, String> rates,
        String costPerRequest,
        List<TierDraft> tiers,
        Instant effectiveTime) {

    /** One long-context tier as sent. */
    public record TierDraft(long thresholdTokens, Map<RateField, String> rates) {}
}
