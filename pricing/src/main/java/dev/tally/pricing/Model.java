package dev.tally.pricing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A priced model with its whole price history ({@code versions}, ascending by effective time,
 * contiguous: each version ends where the next begins).
 */
public record Model(
        String id,
        ModelAttributes attributes,
        boolean active,
        Instant createTime,
        Instant updateTime,
        long revision,
        List<PriceVersion> versions) {

    public Model {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributes, "attributes");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " has no price version");
        }
    }

    public String provider() {
        return attributes.provider();
    }

    public String mode() {
        return attributes.mode();
    }

    public ModelOrigin origin() {
        return attributes.origin();
    }

    /** The version with the latest effective time (possibly a future one). */
    public PriceVersion latest() {
        return versions.get(versions.size() - 1);
    }

    /** The version in force at {@code at}, or null when {@code at} is before the first version. */
    public PriceVersion versionAt(Instant at) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            PriceVersion version = versions.get(i);
            if (!at.isBefore(version.effectiveTime())) {
                return version.inForceAt(at) ? version : null;
            }
        }
        return null;
    }

    /** A model whose latest version was set by hand: syncs leave it alone. */
    public boolean manualOverride() {
        return latest().source() == PriceSource.MANUAL;
    }
}
