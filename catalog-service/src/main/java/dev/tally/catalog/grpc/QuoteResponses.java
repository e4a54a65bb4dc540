package dev.tally.catalog.grpc;

import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.common.v1.Money;
import dev.tally.pricing.CostLine;
import dev.tally.pricing.Quote;
import dev.tally.pricing.TokenType;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.ProtoTime;
import java.math.BigDecimal;

/** Quotes as QuoteCost responses. */
final class QuoteResponses {

    private QuoteResponses() {}

    static QuoteCostResponse quote(Quote quote) {
        String currency = quote.currency();
        QuoteCostResponse.Builder b = QuoteCostResponse.newBuilder()
                .setModelId(quote.modelId())
                .setTotalCost(money(quote.total(), currency))
                .setRequestCost(money(quote.requestCost(), currency))
                .setPriceVersionId(quote.version().id().toString())
                .setPriceEffectiveTime(ProtoTime.timestamp(quote.version().effectiveTime()))
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
        return Money.newBuilder()
                .setAmount(Decimals.text(amount))
                .setCurrencyCode(currency)
                .build();
    }
}
