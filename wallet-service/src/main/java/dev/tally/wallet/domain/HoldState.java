package dev.tally.wallet.domain;

/** Where a hold stands (mirrors {@code tally.wallet.v1.HoldState}). */
public enum HoldState {
    /** Reserved: counts in the balance's held amount. */
    ACTIVE,
    /** Ended by Capture. */
    CAPTURED,
    /** Ended by Release. */
    RELEASED,
    /** Ended by the service at its expire time. */
    EXPIRED
}
