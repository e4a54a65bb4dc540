package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What ReverseDebit undid.
 *
 * @param returned          amounts returned to the grants they came from (still in force or upcoming)
 * @param refundGrant       the REFUND grant holding what could not return to expired grants; null when none
 * @param returnedTotal     everything returned to grants, the refund grant included
 * @param shortfallCancelled the debit's outstanding shortfall, cancelled
 * @param shortfallClaimed  the debit's shortfall an invoice already claimed: not reversed (credit note)
 * @param claimReference    the reference of that claim; null when none
 * @param shortfallSettled  other outstanding shortfall the returned funds paid
 */
public record ReversalResult(
        UUID reversalId,
        UUID debitId,
        List<DebitResult.Consumption> returned,
        Grant refundGrant,
        BigDecimal returnedTotal,
        BigDecimal shortfallCancelled,
        BigDecimal shortfallClaimed,
        String claimReference,
        BigDecimal shortfallSettled,
        BalanceView balance) {

    public ReversalResult {
        returned = List.copyOf(returned);
    }
}
