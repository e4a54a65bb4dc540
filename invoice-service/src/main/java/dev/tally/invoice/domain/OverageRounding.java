package dev.tally.invoice.domain;

/** How METERED overage units become blocks (see OverageRule). */
public enum OverageRounding {
    PROPORTIONAL,
    PER_STARTED_BLOCK
}
