package dev.tally.shared.plan;

/** How a feature's usage is measured: a value of units, or the token counts of a model call. */
public enum MeterType {
    UNITS,
    TOKENS
}
