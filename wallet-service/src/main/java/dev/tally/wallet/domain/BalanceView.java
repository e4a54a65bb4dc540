package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A customer's balance in one unit as stored, with its live grants in consumption order.
 *
 * @param threshold low-balance threshold, null when none is set
 * @param version   0 for a unit never held
 * @param updatedAt null for a unit never held
 */
public record BalanceView(String customerId, String unit, BigDecimal granted, BigDecimal shortfall, long version,
                          BigDecimal threshold, Instant updatedAt, List<Grant> grants) {

    public BalanceView {
        grants = grants.stream().sorted(GrantOrder.CONSUMPTION).toList();
    }

    /** The balance of a unit the wallet never held. */
    public static BalanceView empty(String customerId, String unit) {
        return new BalanceView(customerId, unit, BigDecimal.ZERO, BigDecimal.ZERO, 0, null, null, List.of());
    }

    /** What the customer can still spend: granted - shortfall (negative while a shortfall is owed). */
    public BigDecimal available() {
        return granted.subtract(shortfall);
    }

    public boolean belowThreshold() {
        return threshold != null && available().compareTo(threshold) < 0;
    }
}
