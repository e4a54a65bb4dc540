package dev.tally.wallet.domain;

/** The idempotent call that wrote an operation record; part of its request fingerprint. */
public enum OperationKind {
    DEBIT,
    TOP_UP,
    GRANT_CREDITS,
    EXPIRE_GRANTS,
    SETTLE_SHORTFALL,
    SET_LOW_BALANCE_THRESHOLD
}
