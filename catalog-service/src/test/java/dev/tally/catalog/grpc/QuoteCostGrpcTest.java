package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.v1.CostLine;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.catalog.v1.TokenType;
import dev.tally.common.v1.TokenCounts;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** QuoteCost over gRPC against the catalog seeded from the bundled file: the worked examples and errors. */
@QuarkusTest
class QuoteCostGrpcTest extends CatalogGrpcTest {

    private QuoteCostResponse quote(QuoteCostRequest.Builder request) {
        return catalog.quoteCost(request.build());
    }

    private static QuoteCostRequest.Builder request(String model, TokenCounts.Builder tokens) {
        return QuoteCostRequest.newBuilder().setModel(model).setTokens(tokens);
    }

    private static TokenCounts.Builder tokens() {
        return TokenCounts.newBuilder();
    }

    @Test
    void example1ClaudeSonnet45() {
        // input        2,000 × 0.000003   = 0.006
        // cache read  50,000 × 0.0000003  = 0.015
        // cache write 10,000 × 0.00000375 = 0.0375  (5-minute TTL)
        // output       1,500 × 0.000015   = 0.0225
        // total       0.006 + 0.015 + 0.0375 + 0.0225 = 0.081 USD
        QuoteCostResponse r = quote(request(
                "claude-sonnet-4-5-20250929",
                tokens().setInputTokens(2_000)
                        .setCacheReadTokens(50_000)
                        .setCacheWrite5MTokens(10_000)
                        .setOutputTokens(1_500)));
        assertThat(r.getTotalCost().getAmount()).isEqualTo("0.081");
        assertThat(r.getTotalCost().getCurrencyCode()).isEqualTo("USD");
        assertThat(r.getLinesList())
                .extracting(
                        CostLine::getTokenType,
                        CostLine::getTokens,
                        CostLine::getCostPerToken,
                        l -> l.getCost().getAmount())
                .containsExactly(
                        tuple(TokenType.TOKEN_TYPE_INPUT, 2_000L, "0.000003", "0.006"),
                        tuple(TokenType.TOKEN_TYPE_OUTPUT, 1_500L, "0.000015", "0.0225"),
                        tuple(TokenType.TOKEN_TYPE_CACHE_READ, 50_000L, "0.0000003", "0.015"),
                        tuple(TokenType.TOKEN_TYPE_CACHE_WRITE_5M, 10_000L, "0.00000375", "0.0375"));
        assertThat(r.getModelId()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(r.hasAppliedTierThresholdTokens()).isFalse();
        assertThat(r.getRequestCost().getAmount()).isEqualTo("0");
        String current = catalog.getModel(GetModelRequest.newBuilder()
                        .setModel("claude-sonnet-4-5-20250929")
                        .build())
                .getModel()
                .getCurrentPrice()
                .getPriceVersionId();
        assertThat(r.getPriceVersionId()).isEqualTo(current);
    }

    @Test
    void example2Gpt4o() {
        // input 4,000 × 0.0000025 = 0.01; cache read 6,000 × 0.00000125 = 0.0075; output 800 × 0.00001 = 0.008
        // total 0.01 + 0.0075 + 0.008 = 0.0255 USD
        assertThat(quote(request(
                                "gpt-4o",
                                tokens().setInputTokens(4_000)
                                        .setCacheReadTokens(6_000)
                                        .setOutputTokens(800)))
                        .getTotalCost()
                        .getAmount())
                .isEqualTo("0.0255");
    }

    @Test
    void example3Gpt4oMini() {
        // input 210 × 0.00000015 = 0.0000315; cache read 1,024 × 0.000000075 = 0.0000768;
        // output 567 × 0.0000006 = 0.0003402; total 0.0004485 USD exactly
        assertThat(quote(request(
                                "gpt-4o-mini",
                                tokens().setInputTokens(210)
                                        .setCacheReadTokens(1_024)
                                        .setOutputTokens(567)))
                        .getTotalCost()
                        .getAmount())
                .isEqualTo("0.0004485");
    }

    @Test
    void example4Gemini25ProAboveTheTier() {
        // prompt 150,000 + 100,000 = 250,000 > 200,000: tier rates for every token
        // input 150,000 × 0.0000025 = 0.375; cache read 100,000 × 0.00000025 = 0.025;
        // output 5,000 × 0.000015 = 0.075 (thinking included); total 0.475 USD
        QuoteCostResponse r = quote(request(
                "gemini/gemini-2.5-pro",
                tokens().setInputTokens(150_000).setCacheReadTokens(100_000).setOutputTokens(5_000)));
        assertThat(r.getTotalCost().getAmount()).isEqualTo("0.475");
        assertThat(r.getAppliedTierThresholdTokens()).isEqualTo(200_000L);
    }

    @Test
    void example5DeepseekChat() {
        // input 20,000 × 0.00000028 = 0.0056; cache read 80,000 × 0.000000028 = 0.00224;
        // output 2,000 × 0.00000042 = 0.00084; total 0.00868 USD
        assertThat(quote(request(
                                "deepseek/deepseek-chat",
                                tokens().setInputTokens(20_000)
                                        .setCacheReadTokens(80_000)
                                        .setOutputTokens(2_000)))
                        .getTotalCost()
                        .getAmount())
                .isEqualTo("0.00868");
    }

    @Test
    void callersIdsResolve() {
        // anthropic/claude-sonnet-4.6 → claude-sonnet-4-6: 1,000 × 0.000003 = 0.003
        QuoteCostResponse r = quote(request("anthropic/claude-sonnet-4.6", tokens().setInputTokens(1_000)));
        assertThat(r.getModelId()).isEqualTo("claude-sonnet-4-6");
        assertThat(r.getTotalCost().getAmount()).isEqualTo("0.003");
    }

    @Test
    void aBareIdIsPricedAtTheCreatorsOwnListingAndTheResponseNamesIt() {
        // deepseek-v3 is DeepSeek's (input 0.00000027) and resold by azure_ai (0.00000114) and others:
        // 1,000,000 input × 0.00000027 = 0.27, at deepseek/deepseek-v3
        QuoteCostResponse r = quote(request("deepseek-v3", tokens().setInputTokens(1_000_000)));
        assertThat(r.getModelId()).isEqualTo("deepseek/deepseek-v3");
        assertThat(r.getTotalCost().getAmount()).isEqualTo("0.27");
    }

    @Test
    void noTokensPriceTheRequestFeeAlone() {
        // perplexity/sonar-medium-online charges 0.005 per request; no tokens: 0.005
        QuoteCostResponse r = catalog.quoteCost(QuoteCostRequest.newBuilder()
                .setModel("perplexity/sonar-medium-online")
                .build());
        assertThat(r.getTotalCost().getAmount()).isEqualTo("0.005");
        assertThat(r.getLinesList()).isEmpty();
    }

    @Test
    void batchRatesApplyWhenAsked() {
        // gpt-4o batch: 4,000 × 0.00000125 + 800 × 0.000005 = 0.005 + 0.004 = 0.009
        QuoteCostResponse r = quote(request(
                "gpt-4o", tokens().setInputTokens(4_000).setOutputTokens(800).setBatch(true)));
        assertThat(r.getTotalCost().getAmount()).isEqualTo("0.009");
        assertThat(r.getBatch()).isTrue();
    }

    @Test
    void linesAddUpToTheTotal() {
        QuoteCostResponse r = quote(request(
                "claude-sonnet-4-5-20250929",
                tokens().setInputTokens(123)
                        .setOutputTokens(45)
                        .setCacheReadTokens(6_789)
                        .setCacheWrite5MTokens(10)
                        .setCacheWrite1HTokens(11)
                        .setReasoningTokens(12)));
        BigDecimal sum = new BigDecimal(r.getRequestCost().getAmount());
        for (CostLine line : r.getLinesList()) {
            sum = sum.add(new BigDecimal(line.getCost().getAmount()));
        }
        assertThat(new BigDecimal(r.getTotalCost().getAmount())).isEqualByComparingTo(sum);
        assertThat(r.getLinesCount()).isEqualTo(6);
    }

    @Test
    void anUnknownModelIsNotFoundWithSuggestions() {
        Rows before = rows();
        Map<String, String> metadata = assertFails(
                () -> quote(request("gpt-4o-mni", tokens().setInputTokens(1))),
                Status.Code.NOT_FOUND,
                "MODEL_NOT_FOUND");
        List<String> suggestions = List.of(metadata.get("suggestions").split(","));
        assertThat(suggestions).hasSizeBetween(1, 3).contains("gpt-4o-mini");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aTimeBeforeAnyVersionIsFailedPrecondition() {
        Timestamp year2000 = Timestamp.newBuilder().setSeconds(946_684_800L).build();
        assertFails(
                () -> quote(request("gpt-4o", tokens().setInputTokens(1)).setOccurredTime(year2000)),
                Status.Code.FAILED_PRECONDITION,
                "PRICE_NOT_IN_EFFECT");
    }

    @Test
    void badInputIsInvalidWithEveryBadFieldAndStoresNothing() {
        Rows before = rows();
        assertInvalid(
                () -> quote(request("", tokens().setInputTokens(-1).setReasoningTokens(1_000_000_001L))),
                "model",
                "tokens.input_tokens",
                "tokens.reasoning_tokens");
        assertInvalid(
                () -> quote(request("gpt-4o", tokens().setCacheWrite5MTokens(-5))), "tokens.cache_write_5m_tokens");
        assertInvalid(() -> quote(request("gpt-4o", tokens().setOutputTokens(Long.MAX_VALUE))), "tokens.output_tokens");
        assertInvalid(
                () -> quote(request("gpt-4o", tokens())
                        .setOccurredTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))),
                "occurred_time");
        assertThat(rows()).isEqualTo(before);
    }
}
