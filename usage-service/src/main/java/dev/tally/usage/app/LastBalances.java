package dev.tally.usage.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.usage.domain.EventCharge;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;

/**
 * The last available balance the wallet reported per customer and unit (from debit answers), for
 * the estimate a Track answer gives while its debit is still PENDING. Only an estimate: the wallet
 * is the truth. At most {@value #LIMIT} entries (Caffeine's size eviction).
 */
@ApplicationScoped
public class LastBalances {

    static final int LIMIT = 100_000;

    private record Wallet(String customerId, String unit) {}

    private final Cache<Wallet, BigDecimal> available =
            Caffeine.newBuilder().maximumSize(LIMIT).build();

    public void remember(String customerId, String unit, BigDecimal balanceAfter) {
        if (balanceAfter != null) {
            available.put(new Wallet(customerId, unit), balanceAfter);
        }
    }

    /** The last known available balance, or null when none is known. */
    public BigDecimal last(String customerId, String unit) {
        return available.getIfPresent(new Wallet(customerId, unit));
    }

    /** The balance an event's charge leaves, from the last known one (null when none is known). */
    BigDecimal after(String customerId, EventCharge charge) {
        BigDecimal last = last(customerId, charge.currency());
        if (last == null) {
            return null;
        }
        return charge.needsDebit() ? last.subtract(charge.amount()) : last;
    }
}
