package dev.tally.catalog.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One version of a model's prices, in force over [effectiveFrom, effectiveTo). */
public record PriceVersion(UUID id, String modelId, Instant effectiveFrom, Instant effectiveTo, PriceSource source,
                           PriceSpec price, UUID syncRunId, Instant createdAt) {

    public PriceVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(price, "price");
    }

    public boolean inForceAt(Instant at) {
        return !at.isBefore(effectiveFrom) && (effectiveTo == null || at.isBefore(effectiveTo));
    }
}
