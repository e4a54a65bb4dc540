package dev.tally.wallet.domain;

/**
 * The call that wrote an operation. Its {@link #method()} is the RPC named in the call's
 * idempotency record: one key space per customer across every RPC, so a key used for another RPC
 * is another payload (a DebitBatch item is a {@code Debit}).
 */
public enum OperationKind {
    DEBIT("Debit"),
    TOP_UP("TopUp"),
    GRANT_CREDITS("GrantCredits"),
    EXPIRE_GRANTS("ExpireGrants"),
    SETTLE_SHORTFALL("SettleShortfall"),
    SET_LOW_BALANCE_THRESHOLD("SetLowBalanceThreshold"),
    RESERVE("Reserve"),
    CAPTURE("Capture"),
    RELEASE("Release"),
    REVERSE_DEBIT("ReverseDebit"),
    /** The service released a hold at its expire time (no key, no idempotency record). */
    EXPIRE_HOLD("ExpireHold");

    private final String method;

    OperationKind(String method) {
        this.method = method;
    }

    /** The RPC's name, as stored in {@code idempotency_record.method}. */
    public String method() {
        return method;
    }
}
