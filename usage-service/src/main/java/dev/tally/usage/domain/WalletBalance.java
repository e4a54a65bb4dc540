package dev.tally.usage.domain;

import java.math.BigDecimal;

/** A customer's wallet balance of one unit, as wallet-service reports it: available, held, shortfall. */
public record WalletBalance(BigDecimal available, BigDecimal held, BigDecimal shortfall) {

    /** A customer without a wallet of the unit yet: nothing available, held or owed. */
    public static final WalletBalance NONE = new WalletBalance(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
}
