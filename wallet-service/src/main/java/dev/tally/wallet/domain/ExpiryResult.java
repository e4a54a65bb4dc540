package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.util.List;

/** Grants whose remainder an ExpireGrants call removed, and the balance afterwards. */
public record ExpiryResult(List<ExpiredGrant> expired, BigDecimal totalExpired, BalanceView balance) {

    public ExpiryResult {
        expired = List.copyOf(expired);
    }

    /** One grant after expiry and the remainder that expired. */
    public record ExpiredGrant(Grant grant, BigDecimal amount) {}
}
