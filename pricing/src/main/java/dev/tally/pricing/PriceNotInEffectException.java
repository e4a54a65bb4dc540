package dev.tally.pricing;

import java.time.Instant;

/** No price version of the model is in force at the requested time: it is before the model's first version. */
public final class PriceNotInEffectException extends RuntimeException {

    private final String modelId;
    private final Instant firstEffectiveTime;

    public PriceNotInEffectException(String modelId, Instant at, Instant firstEffectiveTime) {
        super(
                "model '" + modelId + "' has no price in force at " + at + "; its first price is effective from "
                        + firstEffectiveTime,
                null,
                false,
                false);
        this.modelId = modelId;
        this.firstEffectiveTime = firstEffectiveTime;
    }

    public String modelId() {
        return modelId;
    }

    public Instant firstEffectiveTime() {
        return firstEffectiveTime;
    }
}
