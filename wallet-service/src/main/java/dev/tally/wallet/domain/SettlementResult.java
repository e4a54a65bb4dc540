package dev.tally.wallet.domain;

import java.math.BigDecimal;

/** Shortfall cleared by SettleShortfall (bill exactly this) and the balance afterwards. */
public record SettlementResult(BigDecimal settled, BalanceView balance) {
}
