package dev.tally.usage.store;

import java.math.BigDecimal;

/**
 * An event's wallet state now: its debit status and, once the wallet acknowledged, the debit's
 * shortfall and the available balance right after it (null otherwise).
 */
public record DebitState(String status, BigDecimal shortfall, BigDecimal balanceAfter) {
}
