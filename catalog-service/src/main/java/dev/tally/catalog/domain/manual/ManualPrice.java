package dev.tally.catalog.domain.manual;

import dev.tally.pricing.PriceSpec;
import java.time.Instant;
import java.util.List;

/**
 * A checked manual price: what UpsertModelPrice writes.
 *
 * @param provider      empty to keep an existing model's provider
 * @param mode          empty to keep an existing model's mode ("chat" for a new one)
 * @param aliases       empty to keep an existing model's aliases
 * @param effectiveTime null means now
 */
public record ManualPrice(
        String modelId, String provider, String mode, List<String> aliases, PriceSpec price, Instant effectiveTime) {

    public ManualPrice {
        aliases = List.copyOf(aliases);
    }
}
