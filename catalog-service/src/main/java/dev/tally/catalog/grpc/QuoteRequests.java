package dev.tally.catalog.grpc;

import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.pricing.TokenCounts;
import dev.tally.pricing.TokenType;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.ProtoTime;
import java.time.Instant;

/** QuoteCost requests as price queries, checked: every bad field is reported at once. */
final class QuoteRequests {

    private QuoteRequests() {}

    /** What to price: the model as sent (any id form), the token counts, and when the request happened. */
    record QuoteQuery(String model, TokenCounts counts, Instant at) {}

    /** @param now the default of {@code occurred_time} */
    static QuoteQuery quote(QuoteCostRequest request, Instant now) {
        Violations violations = new Violations().requireNonBlank(request.getModel(), "model");
        Instant at = ProtoTime.orDefault(
                violations, "occurred_time", request.hasOccurredTime(), request.getOccurredTime(), now);
        TokenCounts counts = counts(violations, "tokens", request.getTokens());
        violations.throwIfAny();
        return new QuoteQuery(request.getModel(), counts, at);
    }

    /**
     * The token counts of {@code tally.common.v1.TokenCounts} at {@code path} (e.g. "tokens"); every
     * count out of range is a violation naming its field ("tokens.input_tokens"); null when any is.
     */
    static TokenCounts counts(Violations violations, String path, dev.tally.common.v1.TokenCounts tokens) {
        boolean valid = true;
        for (TokenType type : TokenType.values()) {
            String problem = TokenCounts.rangeProblem(count(tokens, type));
            if (problem != null) {
                violations.add(path + "." + type.fieldName(), problem);
                valid = false;
            }
        }
        return !valid
                ? null
                : new TokenCounts(
                        tokens.getInputTokens(),
                        tokens.getOutputTokens(),
                        tokens.getCacheReadTokens(),
                        tokens.getCacheWrite5MTokens(),
                        tokens.getCacheWrite1HTokens(),
                        tokens.getReasoningTokens(),
                        tokens.getBatch());
    }

    private static long count(dev.tally.common.v1.TokenCounts tokens, TokenType type) {
        return switch (type) {
            case INPUT -> tokens.getInputTokens();
            case OUTPUT -> tokens.getOutputTokens();
            case CACHE_READ -> tokens.getCacheReadTokens();
            case CACHE_WRITE_5M -> tokens.getCacheWrite5MTokens();
            case CACHE_WRITE_1H -> tokens.getCacheWrite1HTokens();
            case REASONING -> tokens.getReasoningTokens();
        };
    }
}
