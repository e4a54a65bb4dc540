package dev.tally.pricing;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One model change to write: create it, or update its attributes/active flag, and optionally
 * open a new price version at {@code effectiveTime} (closing the open one there).
 *
 * @param newPrice the new version's price, or null to keep the prices as they are
 * @param syncRunId the run that caused it, null for a manual change
 */
public record ModelUpdate(
        String modelId,
        boolean create,
        ModelAttributes attributes,
        boolean active,
        PriceSpec newPrice,
        PriceSource priceSource,
        Instant effectiveTime,
        UUID syncRunId) {

    public ModelUpdate {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(effectiveTime, "effectiveTime");
        if (create && newPrice == null) {
            throw new IllegalArgumentException("a new model needs a price");
        }
        if ((priceSource == PriceSource.SYNC) != (syncRunId != null)) {
            throw new IllegalArgumentException("synced prices name their run, manual ones do not");
        }
    }
}
