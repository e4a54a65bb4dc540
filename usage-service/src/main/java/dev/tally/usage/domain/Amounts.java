package dev.tally.usage.domain;

import dev.tally.support.money.Money;

import java.math.BigDecimal;

/** Exact amounts in their canonical form (trailing zeros stripped), so equal values are equal. */
public final class Amounts {

    private Amounts() {
    }

    public static BigDecimal canonical(BigDecimal value) {
        return value == null ? null : Money.canonical(value);
    }
}
