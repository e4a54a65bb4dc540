package dev.tally.invoice.domain;

/** What Check answers once the allowance, credits or balance is used up. */
public enum OveragePolicy {
    ALLOW, BLOCK
}
