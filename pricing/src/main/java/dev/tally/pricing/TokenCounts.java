package dev.tally.pricing;

/**
 * The tokens of one request by how they are priced, each token in exactly one kind, and whether
 * it was a provider batch-API request (the domain twin of {@code tally.common.v1.TokenCounts}).
 * Every count is between 0 and {@link #MAX_TOKENS}: larger values are not a real request, and
 * the bound keeps quote arithmetic within a {@code long} (see {@link RateCard}).
 */
public record TokenCounts(
        long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h, long reasoning, boolean batch) {

    /** The most tokens of one kind a single request may report: one billion. */
    public static final long MAX_TOKENS = 1_000_000_000L;

    public TokenCounts {
        for (TokenType type : TokenType.all()) {
            String problem = rangeProblem(count(type, input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning));
            if (problem != null) {
                throw new IllegalArgumentException(type.fieldName() + " " + problem);
            }
        }
    }

    /** A regular (non-batch) request. */
    public TokenCounts(long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h, long reasoning) {
        this(input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning, false);
    }

    /**
     * What is wrong with one count, or null when it is fine: the rule a request's mapping checks
     * field by field (to report every bad field at once) before building the counts.
     */
    public static String rangeProblem(long count) {
        if (count < 0) {
            return "must not be negative";
        }
        return count > MAX_TOKENS ? "must be at most " + MAX_TOKENS : null;
    }

    public long get(TokenType type) {
        return count(type, input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning);
    }

    /** The same tokens as a batch request or not. */
    public TokenCounts withBatch(boolean newBatch) {
        return new TokenCounts(input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning, newBatch);
    }

    private static long count(
            TokenType type,
            long input,
            long output,
            long cacheRead,
            long cacheWrite5m,
            long cacheWrite1h,
            long reasoning) {
        return switch (type) {
            case INPUT -> input;
            case OUTPUT -> output;
            case CACHE_READ -> cacheRead;
            case CACHE_WRITE_5M -> cacheWrite5m;
            case CACHE_WRITE_1H -> cacheWrite1h;
            case REASONING -> reasoning;
        };
    }
}
