package dev.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tally.shared.money.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The five worked examples, priced by the domain calculator from the bundled LiteLLM
 * file (the same numbers are checked over gRPC in QuoteCostGrpcTest).
 */
class WorkedExamplesTest {

    private static final Instant AT = BundledCatalog.SINCE.plusSeconds(3600);

    private static Quote quote(String model, TokenCounts counts) {
        return BundledCatalog.liteLlm().quote(model, counts, AT);
    }

    private static TokenCounts counts(long input, long output, long cacheRead, long cacheWrite) {
        return new TokenCounts(input, output, cacheRead, cacheWrite, 0, 0);
    }

    @Test
    void claudeSonnet45WithCacheReadsAndWrites() {
        // prompt = 2,000 + 50,000 + 10,000 = 62,000 tokens, not above 200,000: base rates
        // input        2,000 × 0.000003    = 0.006
        // cache read  50,000 × 0.0000003   = 0.015
        // cache write 10,000 × 0.00000375  = 0.0375
        // output       1,500 × 0.000015    = 0.0225
        // total        0.006 + 0.015 + 0.0375 + 0.0225 = 0.081 USD
        Quote q = quote("claude-sonnet-4-5-20250929", counts(2_000, 1_500, 50_000, 10_000));
        assertThat(q.total()).isEqualByComparingTo("0.081");
        assertThat(q.currency()).isEqualTo("USD");
        assertThat(q.appliedTierThreshold()).isNull();
        assertThat(q.lines())
                .extracting(CostLine::type, l -> Money.plain(l.cost()))
                .containsExactly(
                        tuple(TokenType.INPUT, "0.006"),
                        tuple(TokenType.OUTPUT, "0.0225"),
                        tuple(TokenType.CACHE_READ, "0.015"),
                        tuple(TokenType.CACHE_WRITE_5M, "0.0375"));
    }

    @Test
    void gpt4oWithCachedInput() {
        // input       4,000 × 0.0000025  = 0.01
        // cache read  6,000 × 0.00000125 = 0.0075
        // output        800 × 0.00001    = 0.008
        // total       0.01 + 0.0075 + 0.008 = 0.0255 USD
        assertThat(quote("gpt-4o", counts(4_000, 800, 6_000, 0)).total()).isEqualByComparingTo("0.0255");
    }

    @Test
    void gpt4oMiniExactlyToTheLastDigit() {
        // input         210 × 0.00000015  = 0.0000315
        // cache read  1,024 × 0.000000075 = 0.0000768
        // output        567 × 0.0000006   = 0.0003402
        // total       0.0000315 + 0.0000768 + 0.0003402 = 0.0004485 USD
        Quote q = quote("gpt-4o-mini", counts(210, 567, 1_024, 0));
        assertThat(Money.plain(q.total())).isEqualTo("0.0004485");
    }

    @Test
    void gemini25ProAboveTheLongContextThreshold() {
        // prompt = 150,000 + 100,000 = 250,000 tokens > 200,000: every token at the tier's rates
        // input      150,000 × 0.0000025  = 0.375
        // cache read 100,000 × 0.00000025 = 0.025
        // output       5,000 × 0.000015   = 0.075  (thinking tokens included in output)
        // total      0.375 + 0.025 + 0.075 = 0.475 USD
        Quote q = quote("gemini/gemini-2.5-pro", counts(150_000, 5_000, 100_000, 0));
        assertThat(q.total()).isEqualByComparingTo("0.475");
        assertThat(q.appliedTierThreshold()).isEqualTo(200_000L);
    }

    @Test
    void deepseekChatWithCacheHits() {
        // input       20,000 × 0.00000028  = 0.0056
        // cache read  80,000 × 0.000000028 = 0.00224
        // output       2,000 × 0.00000042  = 0.00084
        // total       0.0056 + 0.00224 + 0.00084 = 0.00868 USD
        assertThat(quote("deepseek/deepseek-chat", counts(20_000, 2_000, 80_000, 0))
                        .total())
                .isEqualByComparingTo("0.00868");
    }
}
