package dev.tally.catalog.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateChangesTest {

    private static PriceSpec price(RateSet base, String fee, LongContextTier... tiers) {
        return new PriceSpec("USD", base, new BigDecimal(fee), List.of(tiers));
    }

    private static RateChange change(String rate, long tier, String before, String after) {
        return new RateChange(
                rate,
                tier,
                before == null ? null : new BigDecimal(before),
                after == null ? null : new BigDecimal(after));
    }

    /** The worked example of the class comment. */
    @Test
    void theWorkedExample() {
        PriceSpec before = price(
                RateSet.builder()
                        .set(RateField.INPUT, "0.000003")
                        .set(RateField.OUTPUT, "0.000015")
                        .set(RateField.CACHE_READ, "0.0000003")
                        .build(),
                "0",
                new LongContextTier(
                        200_000,
                        RateSet.builder().set(RateField.INPUT, "0.000006").build()));
        PriceSpec after = price(
                RateSet.builder()
                        .set(RateField.INPUT, "0.000003")
                        .set(RateField.OUTPUT, "0.000012")
                        .build(),
                "0.01",
                new LongContextTier(
                        200_000,
                        RateSet.builder()
                                .set(RateField.INPUT, "0.000006")
                                .set(RateField.OUTPUT, "0.0000225")
                                .build()));
        assertThat(RateChanges.between(before, after))
                .containsExactly(
                        change("output_cost_per_token", 0, "0.000015", "0.000012"),
                        change("cache_read_input_cost_per_token", 0, "0.0000003", null),
                        change("cost_per_request", 0, "0", "0.01"),
                        change("output_cost_per_token", 200_000, null, "0.0000225"));
    }

    @Test
    void equalValuesWrittenDifferentlyAreNoChange() {
        PriceSpec a = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.0000030")
                .set(RateField.OUTPUT, "1.5E-5")
                .build());
        PriceSpec b = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.000003")
                .set(RateField.OUTPUT, "0.000015")
                .build());
        assertThat(RateChanges.between(a, b)).isEmpty();
    }

    @Test
    void aNewModelListsEveryRateItSetsAndItsFeeOnlyWhenThereIsOne() {
        PriceSpec price = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.0000025")
                .set(RateField.OUTPUT, "0.00001")
                .set(RateField.BATCH_INPUT, "0.00000125")
                .build());
        assertThat(RateChanges.between(null, price))
                .containsExactly(
                        change("input_cost_per_token", 0, null, "0.0000025"),
                        change("output_cost_per_token", 0, null, "0.00001"),
                        change("batch_input_cost_per_token", 0, null, "0.00000125"));
        PriceSpec withFee = price(price.base(), "0.005");
        assertThat(RateChanges.between(null, withFee)).endsWith(change("cost_per_request", 0, null, "0.005"));
    }

    @Test
    void aTierAddedOrRemovedListsEachOfItsRates() {
        RateSet base = RateSet.builder()
                .set(RateField.INPUT, "1")
                .set(RateField.OUTPUT, "2")
                .build();
        LongContextTier t128k = new LongContextTier(
                128_000,
                RateSet.builder()
                        .set(RateField.INPUT, "3")
                        .set(RateField.OUTPUT, "4")
                        .build());
        LongContextTier t200k = new LongContextTier(
                200_000, RateSet.builder().set(RateField.INPUT, "5").build());
        // before: tier 200000; after: tier 128000 and the same 200000 → only the 128000 rates, ordered by tier
        assertThat(RateChanges.between(price(base, "0", t200k), price(base, "0", t128k, t200k)))
                .containsExactly(
                        change("input_cost_per_token", 128_000, null, "3"),
                        change("output_cost_per_token", 128_000, null, "4"));
        assertThat(RateChanges.between(price(base, "0", t128k, t200k), price(base, "0")))
                .containsExactly(
                        change("input_cost_per_token", 128_000, "3", null),
                        change("output_cost_per_token", 128_000, "4", null),
                        change("input_cost_per_token", 200_000, "5", null));
    }

    @Test
    void aRateBecomingFreeIsAChange() {
        PriceSpec paid = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0.000001")
                .set(RateField.OUTPUT, "0.000002")
                .build());
        PriceSpec free = PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, "0")
                .set(RateField.OUTPUT, "0.000002")
                .build());
        assertThat(RateChanges.between(paid, free)).containsExactly(change("input_cost_per_token", 0, "0.000001", "0"));
    }
}
