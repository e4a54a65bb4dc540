package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the ledger says about one past debit (or a capture's debit), read for ReverseDebit.
 *
 * @param consumed       its DEBIT entries: what it took from each grant
 * @param shortfall      its SHORTFALL entry (zero when fully covered)
 * @param paidByGrants   SETTLEMENT entries with a grant: which grants paid its shortfall since
 * @param claimed        SETTLEMENT entries without a grant: its shortfall claimed for an invoice
 * @param claimReference the reference of that claim, null when none
 * @param reversed       reversed before
 * @param grants         the grants named above as they are now (open or not)
 */
public record DebitRecord(
        UUID debitId,
        String customerId,
        String unit,
        Instant occurredTime,
        List<Part> consumed,
        BigDecimal shortfall,
        List<Part> paidByGrants,
        BigDecimal claimed,
        String claimReference,
        boolean reversed,
        Map<UUID, Grant> grants) {

    public DebitRecord {
        consumed = List.copyOf(consumed);
        paidByGrants = List.copyOf(paidByGrants);
        grants = Map.copyOf(grants);
    }

    /**
     * What the ledger says about a debit: its DEBIT and SHORTFALL entries and the SETTLEMENT entries
     * of its shortfall, in ledger order.
     *
     * @param entries entries naming the debit (others are ignored)
     * @param grants  grants as they are now, by id (those the entries name are kept)
     * @return null when the ledger has no DEBIT or SHORTFALL entry of it (no such debit)
     */
    public static DebitRecord of(UUID debitId, List<LedgerEntry> entries, Map<UUID, Grant> grants, boolean reversed) {
        List<LedgerEntry> own =
                entries.stream().filter(e -> debitId.equals(e.debitId())).toList();
        if (own.stream().noneMatch(e -> e.type() == EntryType.DEBIT || e.type() == EntryType.SHORTFALL)) {
            return null;
        }
        List<Part> consumed = new ArrayList<>();
        List<Part> paid = new ArrayList<>();
        Map<UUID, Grant> touched = new HashMap<>();
        BigDecimal shortfall = BigDecimal.ZERO;
        BigDecimal claimed = BigDecimal.ZERO;
        String claimReference = null;
        for (LedgerEntry entry : own) {
            if (entry.grantId() != null && grants.containsKey(entry.grantId())) {
                touched.put(entry.grantId(), grants.get(entry.grantId()));
            }
            switch (entry.type()) {
                case DEBIT -> consumed.add(new Part(entry.grantId(), entry.amount()));
                case SHORTFALL -> shortfall = shortfall.add(entry.amount());
                case SETTLEMENT -> {
                    if (entry.grantId() != null) {
                        paid.add(new Part(entry.grantId(), entry.amount()));
                    } else {
                        claimed = claimed.add(entry.amount());
                        claimReference = entry.reference();
                    }
                }
                default -> {
                    // ADJUSTMENT and a refund's GRANT belong to its reversal
                }
            }
        }
        LedgerEntry first = own.get(0);
        return new DebitRecord(
                debitId,
                first.customerId(),
                first.unit(),
                first.occurredTime(),
                consumed,
                shortfall,
                paid,
                claimed,
                claimReference,
                reversed,
                touched);
    }

    /** An amount of one grant. */
    public record Part(UUID grantId, BigDecimal amount) {}
}
