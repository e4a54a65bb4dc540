package dev.tally.usage.domain;

/** What QueryUsage may group totals by. */
public enum UsageDimension {
    CUSTOMER,
    FEATURE,
    MODEL,
    PROVIDER,
    DAY
}
