package dev.tally.usage.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/**
 * The last available balance the wallet reported per customer and unit (from debit answers), for
 * the estimate a Track answer gives while its debit is still PENDING. Only an estimate: the wallet
 * is the truth. Bounded to {@value #LIMIT} entries: beyond it Caffeine evicts those least likely to
 * be read again (by frequency and recency).
 */
@ApplicationScoped
public class LastBalances {

    private static final int LIMIT = 100_000;
    private final Cache<String, BigDecimal> available = Caffeine.newBuilder().maximumSize(LIMIT).build();

    public void remember(String customerId, String unit, BigDecimal balanceAfter) {
        if (balanceAfter == null) {
            return;
        }
        available.put(customerId + "\u0000" + unit, balanceAfter);
    }

    /** The last known available balance, or null when none is known. */
    public BigDecimal last(String customerId, String unit) {
        return available.getIfPresent(customerId + "\u0000" + unit);
    }
}
