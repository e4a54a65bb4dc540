package dev.tally.wallet.domain;

import java.util.List;

/** One event of a balance watch: the balance of one unit and the ledger entries that changed it. */
public record BalanceEvent(Kind kind, BalanceView balance, List<LedgerEntry> entries) {

    public BalanceEvent {
        entries = List.copyOf(entries);
    }

    public enum Kind {
        /** The balance when the watch started. */
        SNAPSHOT,
        /** The balance changed. */
        CHANGED,
        /** The balance changed and crossed below its low-balance threshold. */
        BALANCE_LOW
    }
}
