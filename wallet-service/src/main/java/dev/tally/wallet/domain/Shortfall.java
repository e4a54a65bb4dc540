package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The shortfall of one debit: what no grant in force at its occurred time covered. Outstanding
 * until grants pay it, SettleShortfall claims it for an invoice (after which no grant pays it) or
 * ReverseDebit cancels it.
 *
 * @param debitId        the debit (or capture) whose uncovered rest it is
 * @param claimId        the SettleShortfall operation that claimed it; null while unclaimed
 * @param claimedAmount  what that claim billed; null while unclaimed
 */
public record Shortfall(
        UUID debitId,
        String customerId,
        String unit,
        Instant occurredTime,
        BigDecimal amount,
        BigDecimal outstanding,
        UUID claimId,
        String claimReference,
        BigDecimal claimedAmount,
        Instant claimTime) {

    static Shortfall of(UUID debitId, String customerId, String unit, Instant occurredTime, BigDecimal amount) {
        return new Shortfall(debitId, customerId, unit, occurredTime, amount, amount, null, null, null, null);
    }

    /** Occurred in [from, until); a null bound is open. */
    boolean occurredIn(Instant from, Instant until) {
        return (from == null || !occurredTime.isBefore(from)) && (until == null || occurredTime.isBefore(until));
    }

    Shortfall withOutstanding(BigDecimal value) {
        return new Shortfall(
                debitId,
                customerId,
                unit,
                occurredTime,
                amount,
                value,
                claimId,
                claimReference,
                claimedAmount,
                claimTime);
    }

    Shortfall claim(UUID claim, String reference, Instant at) {
        return new Shortfall(
                debitId, customerId, unit, occurredTime, amount, BigDecimal.ZERO, claim, reference, outstanding, at);
    }
}
