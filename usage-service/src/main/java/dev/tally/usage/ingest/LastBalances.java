package dev.tally.usage.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last available balance the wallet reported per customer and unit (from debit answers), for
 * the estimate a Track answer gives while its debit is still PENDING. Only an estimate: the wallet
 * is the truth. Bounded: forgotten wholesale above 100,000 entries.
 */
@ApplicationScoped
public class LastBalances {

    private static final int LIMIT = 100_000;
    private final Map<String, BigDecimal> available = new ConcurrentHashMap<>();

    public void remember(String customerId, String unit, BigDecimal balanceAfter) {
        if (balanceAfter == null) {
            return;
        }
        if (available.size() > LIMIT) {
            available.clear();
        }
        available.put(customerId + "\u0000" + unit, balanceAfter);
    }

    /** The last known available balance, or null when none is known. */
    public BigDecimal last(String customerId, String unit) {
        return available.get(customerId + "\u0000" + unit);
    }
}
