package dev.tally.catalog.domain;

import dev.tally.support.error.Violations;

/**
 * Token counts of one request, by kind; each token is in exactly one kind. Every count is
 * between 0 and {@link #MAX_TOKENS}: larger values are not a real request, and the bound keeps
 * quote arithmetic within a {@code long} (see {@link RateCard}).
 */
public record TokenCounts(long input, long output, long cacheRead, long cacheWrite, long cacheWrite1h, long reasoning) {

    /** The most tokens of one kind a single request may report: one billion. */
    public static final long MAX_TOKENS = 1_000_000_000L;

    public TokenCounts {
        Violations violations = new Violations();
        check(violations, input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning);
        violations.throwIfAny();
    }

    /** Adds a violation for every count out of range (to report them with a request's other bad fields). */
    public static void check(Violations violations, long input, long output, long cacheRead, long cacheWrite,
                             long cacheWrite1h, long reasoning) {
        check(violations, TokenType.INPUT, input);
        check(violations, TokenType.OUTPUT, output);
        check(violations, TokenType.CACHE_READ, cacheRead);
        check(violations, TokenType.CACHE_WRITE, cacheWrite);
        check(violations, TokenType.CACHE_WRITE_1H, cacheWrite1h);
        check(violations, TokenType.REASONING, reasoning);
    }

    private static void check(Violations violations, TokenType type, long count) {
        violations.check(count < 0, type.apiName(), "must not be negative");
        violations.check(count > MAX_TOKENS, type.apiName(), "must be at most " + MAX_TOKENS);
    }

    public long get(TokenType type) {
        return switch (type) {
            case INPUT -> input;
            case OUTPUT -> output;
            case CACHE_READ -> cacheRead;
            case CACHE_WRITE -> cacheWrite;
            case CACHE_WRITE_1H -> cacheWrite1h;
            case REASONING -> reasoning;
        };
    }

    /** Input + cache read + cache write (5 min and 1 h): what a long-context threshold compares. */
    public long promptTokens() {
        return input + cacheRead + cacheWrite + cacheWrite1h;
    }
}
