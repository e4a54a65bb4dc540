package dev.tally.wallet.domain;

import java.math.BigDecimal;

/** A grant created (its remaining amount already reduced by the shortfall it settled). */
public record GrantResult(Grant grant, BigDecimal shortfallSettled, BalanceView balance) {}
