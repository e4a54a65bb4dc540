package dev.tally.catalog.domain.sync;

import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rates changed between two prices of a model: every rate whose value differs by value
 * ({@code 0.0000030} equals {@code 0.000003}), a rate set on one side only included (its other
 * value null). The order is fixed: the base rates in {@link RateField} order, then the per-request
 * fee, then each long-context tier present on either side, by threshold, its rates in
 * {@link RateField} order. A new model (no price before) lists every rate its price sets, and the
 * fee only when there is one.
 * <p>
 * Worked example. Before: input 0.000003, output 0.000015, cache read 0.0000003, no fee, tier
 * 200000 {input 0.000006}. After: input 0.000003 (same), output 0.000012, no cache read rate,
 * fee 0.01, tier 200000 {input 0.000006, output 0.0000225}. Changes, in order:
 * <pre>
 *   output_cost_per_token            0.000015  → 0.000012
 *   cache_read_input_cost_per_token  0.0000003 → (unset: falls back to input again)
 *   cost_per_request                 0         → 0.01
 *   output_cost_per_token @200000    (unset)   → 0.0000225
 * </pre>
 * The input rate and the tier's input rate are equal, so they are not listed. Two prices whose
 * rates are all equal have no changes (and a sync gives such a model no new version).
 */
public final class RateChanges {

    /** The name of the per-request fee, as the contract's {@code cost_per_request} field. */
    public static final String COST_PER_REQUEST = "cost_per_request";

    private RateChanges() {}

    /** The changes from {@code before} (null for a new model) to {@code after}. */
    public static List<RateChange> between(PriceSpec before, PriceSpec after) {
        List<RateChange> changes = new ArrayList<>();
        addRates(changes, 0, before == null ? RateSet.EMPTY : before.base(), after.base());
        BigDecimal oldFee = before == null ? null : before.costPerRequest();
        BigDecimal newFee = after.costPerRequest();
        if (before == null ? newFee.signum() != 0 : oldFee.compareTo(newFee) != 0) {
            changes.add(new RateChange(COST_PER_REQUEST, 0, oldFee, newFee));
        }
        Map<Long, RateSet[]> tiers = new TreeMap<>();
        if (before != null) {
            for (LongContextTier tier : before.tiers()) {
                tiers.computeIfAbsent(tier.thresholdTokens(), t -> new RateSet[] {RateSet.EMPTY, RateSet.EMPTY})[0] =
                        tier.rates();
            }
        }
        for (LongContextTier tier : after.tiers()) {
            tiers.computeIfAbsent(tier.thresholdTokens(), t -> new RateSet[] {RateSet.EMPTY, RateSet.EMPTY})[1] =
                    tier.rates();
        }
        tiers.forEach((threshold, sides) -> addRates(changes, threshold, sides[0], sides[1]));
        return List.copyOf(changes);
    }

    private static void addRates(List<RateChange> changes, long threshold, RateSet before, RateSet after) {
        for (RateField field : RateField.values()) {
            BigDecimal oldValue = before.get(field);
            BigDecimal newValue = after.get(field);
            boolean same = oldValue == null ? newValue == null : newValue != null && oldValue.compareTo(newValue) == 0;
            if (!same) {
                changes.add(new RateChange(field.apiName(), threshold, oldValue, newValue));
            }
        }
    }
}
