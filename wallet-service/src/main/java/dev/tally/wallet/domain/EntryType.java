package dev.tally.wallet.domain;

/**
 * Type of a ledger entry. Its effect on the balance (granted, shortfall) is fixed by the type;
 * {@code available = granted - shortfall}.
 */
public enum EntryType {
    /** A grant was added: granted + amount. */
    GRANT,
    /** A debit consumed amount from one grant: granted - amount. */
    DEBIT,
    /** A grant's remainder expired: granted - amount. */
    EXPIRY,
    /** A debit was not covered by grants: shortfall + amount. */
    SHORTFALL,
    /** Owed shortfall was cleared: shortfall - amount, and granted - amount when a new grant paid it. */
    SETTLEMENT,
    /** Operator correction (signed): granted + amount. Reserved, nothing writes it yet. */
    ADJUSTMENT
}
