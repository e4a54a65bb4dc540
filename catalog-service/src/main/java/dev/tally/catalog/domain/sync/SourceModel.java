package dev.tally.catalog.domain.sync;

import dev.tally.pricing.PriceSpec;
import java.util.Objects;

/** One model as a price source describes it. */
public record SourceModel(
        String id, String provider, String mode, Long maxInputTokens, Long maxOutputTokens, PriceSpec price) {

    public SourceModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(price, "price");
    }
}
