package dev.tally.pricing;

/**
 * Which rates a request pays when its price has long-context tiers. The rule: when the request's
 * prompt, input + cache read + cache write (5 min and 1 h) tokens, is <b>strictly above</b> a
 * tier's threshold, <b>every</b> token of the request (output and reasoning too) is priced at that
 * tier; when several thresholds are passed, the highest one wins; at or below every threshold,
 * the base rates apply. Output and reasoning tokens never count toward the prompt. A rate the
 * chosen tier does not set comes from the base rates (see {@link RateCard}).
 *
 * <p>Worked example (gemini/gemini-2.5-pro: base input 0.00000125, tier above 200,000 tokens:
 * input 0.0000025, cache read 0.00000025, output 0.000015):
 * <pre>
 *   150,000 input + 100,000 cache read + 0 cache write = 250,000 prompt tokens  &gt; 200,000 → the tier
 *   (the 5,000 output tokens do not count toward the prompt, but are priced at the tier too)
 *   input      150,000 × 0.0000025  = 0.375
 *   cache read 100,000 × 0.00000025 = 0.025
 *   output       5,000 × 0.000015   = 0.075
 *   total                             0.475 USD
 *   a prompt of exactly 200,000 tokens stays on the base rates: 200,000 × 0.00000125 = 0.25
 * </pre>
 * With tiers at 200,000 and 1,000,000: a prompt of 1,000,000 takes the 200,000 tier, 1,000,001
 * the 1,000,000 tier.
 *
 * <p>LiteLLM {@code *_above_<N>k_tokens} keys, {@code tiered_pricing} ranges and OpenRouter
 * {@code overrides[].min_prompt_tokens} all become tiers read by this rule.
 */
public final class LongContextTierChoice {

    /** The choice when no threshold is passed: the base rates. */
    public static final int BASE_RATES = 0;

    private LongContextTierChoice() {}

    /** The prompt size the thresholds are compared with: input + cache read + cache write (5 min and 1 h). */
    public static long promptTokens(TokenCounts counts) {
        return counts.input() + counts.cacheRead() + counts.cacheWrite5m() + counts.cacheWrite1h();
    }

    /**
     * The tier a prompt of {@code promptTokens} is priced at: {@link #BASE_RATES}, or i for the
     * i-th threshold (1-based) of {@code ascendingThresholds}, the highest one strictly below
     * the prompt.
     */
    public static int choose(long[] ascendingThresholds, long promptTokens) {
        int tier = BASE_RATES;
        while (tier < ascendingThresholds.length && promptTokens > ascendingThresholds[tier]) {
            tier++;
        }
        return tier;
    }
}
