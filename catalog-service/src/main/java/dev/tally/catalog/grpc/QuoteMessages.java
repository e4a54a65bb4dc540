package dev.tally.catalog.grpc;

import dev.tally.pricing.CostLine;
import dev.tally.pricing.Decimals;
import dev.tally.pricing.Quote;
import dev.tally.pricing.TokenCounts;
import dev.tally.pricing.TokenType;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.common.v1.Money;
import dev.tally.support.error.Violations;

import java.math.BigDecimal;

/** QuoteCost request and response. */
final class QuoteMessages {

    private QuoteMessages() {
    }

    /**
     * The token counts of {@code tally.common.v1.TokenCounts} at {@code path} (e.g. "tokens"); every
     * count out of range is a violation naming its field ("tokens.input_tokens"), reported with
     * those already found.
     */
    static TokenCounts counts(dev.tally.common.v1.TokenCounts tokens, String path, Violations violations) {
        for (TokenType type : TokenType.values()) {
            String problem = TokenCounts.rangeProblem(count(tokens, type));
            violations.check(problem != null, path + "." + type.fieldName(), problem);
        }
        violations.throwIfAny();
        return new TokenCounts(tokens.getInputTokens(), tokens.getOutputTokens(), tokens.getCacheReadTokens(),
                tokens.getCacheWrite5MTokens(), tokens.getCacheWrite1HTokens(), tokens.getReasoningTokens(),
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

    static QuoteCostResponse response(Quote quote) {
        String currency = quote.currency();
        QuoteCostResponse.Builder b = QuoteCostResponse.newBuilder()
                .setModelId(quote.modelId())
                .setTotalCost(money(quote.total(), currency))
                .setRequestCost(money(quote.requestCost(), currency))
                .setPriceVersionId(quote.version().id().toString())
                .setPriceEffectiveTime(ProtoTime.of(quote.version().effectiveTime()))
                .setBatch(quote.batch());
        for (CostLine line : quote.lines()) {
            b.addLines(dev.tally.catalog.v1.CostLine.newBuilder()
                    .setTokenType(tokenType(line.type()))
                    .setTokens(line.tokens())
                    .setCostPerToken(Decimals.text(line.rate()))
                    .setCost(money(line.cost(), currency)));
        }
        if (quote.appliedTierThreshold() != null) {
            b.setAppliedTierThresholdTokens(quote.appliedTierThreshold());
        }
        return b.build();
    }

    private static dev.tally.catalog.v1.TokenType tokenType(TokenType type) {
        return switch (type) {
            case INPUT -> dev.tally.catalog.v1.TokenType.TOKEN_TYPE_INPUT;
            case OUTPUT -> dev.tally.catalog.v1.TokenType.TOKEN_TYPE_OUTPUT;
            case CACHE_READ -> dev.tally.catalog.v1.TokenType.TOKEN_TYPE_CACHE_READ;
            case CACHE_WRITE_5M -> dev.tally.catalog.v1.TokenType.TOKEN_TYPE_CACHE_WRITE_5M;
            case CACHE_WRITE_1H -> dev.tally.catalog.v1.TokenType.TOKEN_TYPE_CACHE_WRITE_1H;
            case REASONING -> dev.tally.catalog.v1.TokenType.TOKEN_TYPE_REASONING;
        };
    }

    private static Money money(BigDecimal amount, String currency) {
        return Money.newBuilder().setAmount(Decimals.text(amount)).setCurrencyCode(currency).build();
    }
}
