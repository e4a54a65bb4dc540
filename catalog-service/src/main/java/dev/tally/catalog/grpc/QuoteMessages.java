package dev.tally.catalog.grpc;

import dev.tally.catalog.domain.CostLine;
import dev.tally.catalog.domain.Decimals;
import dev.tally.catalog.domain.Quote;
import dev.tally.catalog.domain.TokenCounts;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.catalog.v1.TokenType;
import dev.tally.common.v1.Money;
import dev.tally.support.error.Violations;

import java.math.BigDecimal;
import java.util.Arrays;

/** QuoteCost request and response. */
final class QuoteMessages {

    /** Proto token types by domain ordinal, matched by name (TOKEN_TYPE_INPUT ↔ INPUT...). */
    private static final TokenType[] TOKEN_TYPES = Arrays.stream(dev.tally.catalog.domain.TokenType.values())
            .map(t -> TokenType.valueOf("TOKEN_TYPE_" + t.name())).toArray(TokenType[]::new);

    private QuoteMessages() {
    }

    /** The request's token counts; every bad field (with those already found) → INVALID_ARGUMENT. */
    static TokenCounts counts(QuoteCostRequest r, Violations violations) {
        TokenCounts.check(violations, r.getInputTokens(), r.getOutputTokens(), r.getCacheReadTokens(),
                r.getCacheWriteTokens(), r.getCacheWrite1HTokens(), r.getReasoningTokens());
        violations.throwIfAny();
        return new TokenCounts(r.getInputTokens(), r.getOutputTokens(), r.getCacheReadTokens(), r.getCacheWriteTokens(),
                r.getCacheWrite1HTokens(), r.getReasoningTokens());
    }

    static QuoteCostResponse response(Quote quote) {
        String currency = quote.currency();
        QuoteCostResponse.Builder b = QuoteCostResponse.newBuilder()
                .setTotalCost(money(quote.total(), currency))
                .setRequestCost(money(quote.requestCost(), currency))
                .setModelId(quote.modelId())
                .setPriceVersionId(quote.version().id().toString())
                .setPriceEffectiveFrom(ProtoTime.of(quote.version().effectiveFrom()))
                .setBatch(quote.batch());
        for (CostLine line : quote.lines()) {
            b.addLines(dev.tally.catalog.v1.CostLine.newBuilder()
                    .setTokenType(TOKEN_TYPES[line.type().ordinal()])
                    .setTokens(line.tokens())
                    .setCostPerToken(Decimals.text(line.rate()))
                    .setCost(money(line.cost(), currency)));
        }
        if (quote.appliedTierThreshold() != null) {
            b.setAppliedTierThresholdTokens(quote.appliedTierThreshold());
        }
        return b.build();
    }

    private static Money money(BigDecimal amount, String currency) {
        return Money.newBuilder().setAmount(Decimals.text(amount)).setCurrencyCode(currency).build();
    }
}
