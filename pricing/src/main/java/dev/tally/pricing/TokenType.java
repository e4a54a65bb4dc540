package dev.tally.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of tokens a request is charged for, each counted in exactly one kind, and the rule
 * that picks a kind's rate: the first field of {@link #rateChain(boolean)} the price sets.
 */
public enum TokenType {
    INPUT("input_tokens"),
    OUTPUT("output_tokens"),
    CACHE_READ("cache_read_tokens"),
    CACHE_WRITE_5M("cache_write_5m_tokens"),
    CACHE_WRITE_1H("cache_write_1h_tokens"),
    REASONING("reasoning_tokens");

    private static final TokenType[] VALUES = values();

    private final String fieldName;
    private final RateField[][] chains = new RateField[2][];

    TokenType(String fieldName) {
        this.fieldName = fieldName;
    }

    static {
        for (TokenType type : VALUES) {
            type.chains[0] = type.buildChain(false).toArray(RateField[]::new);
            type.chains[1] = type.buildChain(true).toArray(RateField[]::new);
        }
    }

    /** The field of {@code tally.common.v1.TokenCounts} carrying this kind's count, e.g. {@code cache_read_tokens}. */
    public String fieldName() {
        return fieldName;
    }

    /**
     * Rate fields tried in order: cache reads and writes fall back to input, 1-hour cache writes
     * to 5-minute ones, reasoning to output; in a batch request input/output are the batch rates
     * first. Within a long-context tier each field is looked up in the tier, then in the base.
     */
    public RateField[] rateChain(boolean batch) {
        return chains[batch ? 1 : 0];
    }

    private List<RateField> buildChain(boolean batch) {
        List<RateField> chain = new ArrayList<>();
        switch (this) {
            case INPUT -> {
                if (batch) {
                    chain.add(RateField.BATCH_INPUT);
                }
                chain.add(RateField.INPUT);
            }
            case OUTPUT -> {
                if (batch) {
                    chain.add(RateField.BATCH_OUTPUT);
                }
                chain.add(RateField.OUTPUT);
            }
            case CACHE_READ -> {
                chain.add(RateField.CACHE_READ);
                chain.addAll(INPUT.buildChain(batch));
            }
            case CACHE_WRITE_5M -> {
                chain.add(RateField.CACHE_WRITE);
                chain.addAll(INPUT.buildChain(batch));
            }
            case CACHE_WRITE_1H -> {
                chain.add(RateField.CACHE_WRITE_1H);
                chain.addAll(CACHE_WRITE_5M.buildChain(batch));
            }
            case REASONING -> {
                chain.add(RateField.REASONING);
                chain.addAll(OUTPUT.buildChain(batch));
            }
        }
        return chain;
    }

    static TokenType[] all() {
        return VALUES;
    }
}
