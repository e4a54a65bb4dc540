package dev.tally.pricing;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One version of a model's prices, in force over [effectiveTime, expireTime). */
public record PriceVersion(
        UUID id,
        String modelId,
        Instant effectiveTime,
        Instant expireTime,
        PriceSource source,
        PriceSpec price,
        UUID syncRunId,
        Instant createTime) {

    public PriceVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(effectiveTime, "effectiveTime");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(price, "price");
    }

    public boolean inForceAt(Instant at) {
        return !at.isBefore(effectiveTime) && (expireTime == null || at.isBefore(expireTime));
    }
}
