package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What one debit did: {@code covered + shortfall = amount}.
 *
 * @param balanceAfter available balance right after the debit (negative while a shortfall is owed)
 */
public record DebitResult(UUID debitId, String unit, BigDecimal covered, BigDecimal shortfall,
                          BigDecimal balanceAfter, long version, List<Consumption> consumptions,
                          boolean belowThreshold) {

    public DebitResult {
        consumptions = List.copyOf(consumptions);
    }

    /** How much of one grant the debit took, and what the grant has left. */
    public record Consumption(UUID grantId, GrantSource source, BigDecimal amount, BigDecimal remainingAfter) {
    }
}
