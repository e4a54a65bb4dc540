package dev.tally.usage.domain;

import java.math.BigDecimal;

/**
 * An event's wallet state now: its debit status and, once the wallet acknowledged, the debit's
 * shortfall and the available balance right after it (null otherwise).
 */
public record DebitState(DebitStatus status, BigDecimal shortfall, BigDecimal balanceAfter) {}
