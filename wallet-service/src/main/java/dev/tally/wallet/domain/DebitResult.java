package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What one debit did: {@code covered + shortfall = amount}.
 *
 * @param occurredTime when its usage occurred (the request's, or the transaction's instant)
 * @param balanceAfter available balance right after the debit (negative while more is owed than granted)
 */
public record DebitResult(
        UUID debitId,
        String unit,
        Instant occurredTime,
        BigDecimal covered,
        BigDecimal shortfall,
        BigDecimal balanceAfter,
        long version,
        List<Consumption> consumptions,
        boolean belowThreshold) {

    public DebitResult {
        consumptions = List.copyOf(consumptions);
    }

    /** How much of one grant a debit took (or a reversal returned), and what the grant has left. */
    public record Consumption(UUID grantId, GrantSource source, BigDecimal amount, BigDecimal remainingAfter) {}
}
