package dev.tally.wallet.domain;

import java.math.BigDecimal;

/**
 * What SettleShortfall claimed for an invoice: exactly the shortfall outstanding in its range.
 *
 * @param settled    bill exactly this
 * @param debitCount number of debits whose shortfall was claimed
 */
public record SettlementResult(BigDecimal settled, int debitCount, BalanceView balance) {}
