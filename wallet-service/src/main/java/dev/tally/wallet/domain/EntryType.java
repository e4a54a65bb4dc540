package dev.tally.wallet.domain;

/**
 * Type of a ledger entry. Its effect on the balance (granted, shortfall, held) is fixed by the type
 * and, for SETTLEMENT and ADJUSTMENT, by whether it names a grant; the ledger balance is
 * {@code granted - shortfall - held}.
 */
public enum EntryType {
    /** A grant was added: granted + amount. */
    GRANT,
    /** A debit consumed amount from one grant: granted - amount. */
    DEBIT,
    /** ExpireGrants removed a grant's remainder: granted - amount. */
    EXPIRY,
    /** A debit was not covered by grants: shortfall + amount. */
    SHORTFALL,
    /** A debit's shortfall was cleared: shortfall - amount, and granted - amount when a grant paid it. */
    SETTLEMENT,
    /** ReverseDebit: granted + amount when returned to a grant, otherwise shortfall - amount (cancelled). */
    ADJUSTMENT,
    /** Reserve: held + amount. */
    HOLD,
    /** A hold ended (captured, released, expired): held - amount. */
    HOLD_RELEASE
}
