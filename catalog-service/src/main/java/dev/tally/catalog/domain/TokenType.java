package dev.tally.catalog.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of tokens a request is charged for, each counted in exactly one kind, and the rule
 * that picks a kind's rate: the first field of {@link #rateChain(boolean)} the price sets.
 */
public enum TokenType {
    INPUT("input_tokens", true),
    OUTPUT("output_tokens", false),
    CACHE_READ("cache_read_tokens", true),
    CACHE_WRITE("cache_write_tokens", true),
    CACHE_WRITE_1H("cache_write_1h_tokens", true),
    REASONING("reasoning_tokens", false);

    private static final TokenType[] VALUES = values();

    private final String apiName;
    private final boolean prompt;
    private final RateField[][] chains = new RateField[2][];

    TokenType(String apiName, boolean prompt) {
        this.apiName = apiName;
        this.prompt = prompt;
    }

    static {
        for (TokenType type : VALUES) {
            type.chains[0] = type.buildChain(false).toArray(RateField[]::new);
            type.chains[1] = type.buildChain(true).toArray(RateField[]::new);
        }
    }

    /** The request field carrying this kind's count, e.g. {@code cache_read_tokens}. */
    public String apiName() {
        return apiName;
    }

    /** Whether these tokens count toward the prompt size that selects a long-context tier. */
    public boolean countsTowardPrompt() {
        return prompt;
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
            case CACHE_WRITE -> {
                chain.add(RateField.CACHE_WRITE);
                chain.addAll(INPUT.buildChain(batch));
            }
            case CACHE_WRITE_1H -> {
                chain.add(RateField.CACHE_WRITE_1H);
                chain.addAll(CACHE_WRITE.buildChain(batch));
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
