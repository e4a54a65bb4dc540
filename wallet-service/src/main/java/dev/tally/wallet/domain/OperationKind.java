package dev.tally.wallet.domain;

/** The call that wrote an operation; part of its request fingerprint. */
public enum OperationKind {
    DEBIT,
    TOP_UP,
    GRANT_CREDITS,
    EXPIRE_GRANTS,
    SETTLE_SHORTFALL,
    SET_LOW_BALANCE_THRESHOLD,
    RESERVE,
    CAPTURE,
    RELEASE,
    REVERSE_DEBIT,
    /** The service released a hold at its expire time (no idempotency record). */
    EXPIRE_HOLD
}
