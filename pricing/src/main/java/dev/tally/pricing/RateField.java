package dev.tally.pricing;

/**
 * The per-token rates a price version may set. {@link #apiName()} is the field name used
 * everywhere a rate is named: the proto {@code TokenRates} field, the {@code price_rate} column
 * and the field path of a validation error.
 */
public enum RateField {
    INPUT("input_cost_per_token"),
    OUTPUT("output_cost_per_token"),
    CACHE_READ("cache_read_input_cost_per_token"),
    CACHE_WRITE("cache_write_input_cost_per_token"),
    CACHE_WRITE_1H("cache_write_1h_input_cost_per_token"),
    REASONING("reasoning_cost_per_token"),
    BATCH_INPUT("batch_input_cost_per_token"),
    BATCH_OUTPUT("batch_output_cost_per_token");

    private final String apiName;

    RateField(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
