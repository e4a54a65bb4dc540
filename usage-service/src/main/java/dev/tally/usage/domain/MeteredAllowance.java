package dev.tally.usage.domain;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * How the new METERED events of one transaction use their allowances, in order. The store raises
 * each allowance by the units of the transaction's new events and returns its total after them
 * (under the allowance row's lock, so concurrent transactions queue there); what was used before
 * the transaction is that total minus the units it adds. The events then take their units in
 * order: each is split ({@link MeteredSplit}) against what the events before it left.
 *
 * <p>Worked example: 100,000 tokens included; the store returns 120,000 after a transaction that
 * adds two events of the feature, 25,000 and 5,000 tokens:
 * <pre>
 *   used before = 120,000 − (25,000 + 5,000)           = 90,000
 *   first event:  split of 25,000 against 90,000 used → 10,000 included, 15,000 overage; used 115,000
 *   second event: split of  5,000 against 115,000 used →     0 included,  5,000 overage; used 120,000
 * </pre>
 */
public final class MeteredAllowance {

    private final Map<AllowanceKey, BigDecimal> used;

    /**
     * @param totalsAfter the allowances' units after the transaction (as the store returned them)
     * @param addedNow    the units the transaction's new events add, per allowance
     */
    public MeteredAllowance(Map<AllowanceKey, BigDecimal> totalsAfter, Map<AllowanceKey, BigDecimal> addedNow) {
        this.used = new HashMap<>(totalsAfter);
        addedNow.forEach((key, units) -> used.computeIfPresent(key, (k, total) -> total.subtract(units)));
    }

    /** The next new event of the allowance, of {@code units}: its split; the allowance's units used grow by them. */
    public MeteredSplit next(AllowanceKey key, BigDecimal units, BigDecimal includedUnits) {
        BigDecimal before = used.get(key);
        MeteredSplit split = MeteredSplit.of(units, before, includedUnits);
        used.put(key, before.add(units));
        return split;
    }

    /** The allowance's units used so far: after the events handed out by {@link #next}. */
    public BigDecimal used(AllowanceKey key) {
        return used.get(key);
    }
}
