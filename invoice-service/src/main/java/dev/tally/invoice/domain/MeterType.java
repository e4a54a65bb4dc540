package dev.tally.invoice.domain;

/** How a feature's usage is counted: Track's value (UNITS), or the sum of its token counts (TOKENS). */
public enum MeterType {
    UNITS, TOKENS
}
