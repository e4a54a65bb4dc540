package dev.tally.shared.plan;

/** What Check answers once the allowance, credits or balance is used up (Track always records). */
public enum OveragePolicy {
    /** Keep going: the rest is overage or shortfall, invoiced. */
    ALLOW,
    /** Check refuses what is not covered. */
    BLOCK
}
