package dev.tally.system;

import static dev.tally.system.Billing.amount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.usage.v1.BalanceCharge;
import dev.tally.usage.v1.TrackResponse;
import java.math.BigDecimal;

/** What a BALANCE token event should cost and charge, from a price file and the plans' 20% margin. */
final class Charges {

    static final BigDecimal MARGIN = new BigDecimal("0.20");

    private Charges() {}

    /** cost = input × input rate + output × output rate + cache read × cache-read rate, from {@code file}. */
    static BigDecimal cost(PriceFile file, String modelId, long input, long output, long cacheRead) {
        return BigDecimal.valueOf(input)
                .multiply(file.rate(modelId, "input_cost_per_token"))
                .add(BigDecimal.valueOf(output).multiply(file.rate(modelId, "output_cost_per_token")))
                .add(
                        cacheRead == 0
                                ? BigDecimal.ZERO
                                : BigDecimal.valueOf(cacheRead)
                                        .multiply(file.rate(modelId, "cache_read_input_token_cost")));
    }

    static BigDecimal charged(BigDecimal cost) {
        return cost.multiply(BigDecimal.ONE.add(MARGIN));
    }

    /** A BALANCE token charge: provider cost, cost, margin and charge = cost × 1.20, exactly. */
    static void assertCharge(TrackResponse response, BigDecimal cost) {
        BalanceCharge charge = response.getCharge().getBalance();
        assertThat(amount(response.getTokenCost().getProviderCost())).isEqualByComparingTo(cost);
        assertThat(amount(charge.getCost())).isEqualByComparingTo(cost);
        assertThat(new BigDecimal(charge.getMargin())).isEqualByComparingTo(MARGIN);
        assertThat(amount(charge.getMarginAmount())).isEqualByComparingTo(cost.multiply(MARGIN));
        assertThat(amount(charge.getAmount())).isEqualByComparingTo(charged(cost));
    }
}
