package dev.tally.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A price compiled for quoting: for the base rates and each long-context tier, with and without
 * batch, the rate of every {@link TokenType} after all fallbacks, as an exact decimal and, where
 * it fits, as a whole number of {@link #UNIT_SCALE pico-units} (1e-12 of the currency unit).
 * Token counts are at most 1e9 ({@link TokenCounts#MAX_TOKENS}) and a fast rate at most
 * {@link #MAX_FAST_RATE_UNITS} (0.001 per token), so each line is at most 1e18 units and the six
 * lines plus a fee of at most 1e18 units stay below {@link Long#MAX_VALUE} (9.22e18): the long
 * arithmetic is exact and cannot overflow. Rates with more than 12 decimals or above the bound
 * take the BigDecimal path, equally exact.
 */
final class RateCard {

    /** Fast amounts are whole multiples of 10^-12. */
    static final int UNIT_SCALE = 12;

    static final long MAX_FAST_RATE_UNITS = 1_000_000_000L;
    static final long MAX_FAST_FEE_UNITS = 1_000_000_000_000_000_000L;
    static final long NOT_FAST = -1;

    private final long[] thresholds;
    /** [tier * 2 + batch][token type ordinal]; tier 0 = base rates. */
    private final BigDecimal[][] rates;

    private final long[][] rateUnits;
    private final long feeUnits;

    RateCard(PriceSpec spec) {
        List<LongContextTier> tiers = spec.tiers();
        thresholds = tiers.stream().mapToLong(LongContextTier::thresholdTokens).toArray();
        int columns = (tiers.size() + 1) * 2;
        rates = new BigDecimal[columns][];
        rateUnits = new long[columns][];
        for (int tier = 0; tier <= tiers.size(); tier++) {
            RateSet tierRates = tier == 0 ? null : tiers.get(tier - 1).rates();
            for (int batch = 0; batch < 2; batch++) {
                int column = tier * 2 + batch;
                rates[column] = new BigDecimal[TokenType.all().length];
                rateUnits[column] = new long[TokenType.all().length];
                for (TokenType type : TokenType.all()) {
                    BigDecimal rate = resolve(type, batch == 1, tierRates, spec.base());
                    rates[column][type.ordinal()] = rate;
                    rateUnits[column][type.ordinal()] = toUnits(rate, MAX_FAST_RATE_UNITS);
                }
            }
        }
        feeUnits = toUnits(spec.costPerRequest(), MAX_FAST_FEE_UNITS);
    }

    private static BigDecimal resolve(TokenType type, boolean batch, RateSet tier, RateSet base) {
        for (RateField field : type.rateChain(batch)) {
            if (tier != null && tier.has(field)) {
                return tier.get(field);
            }
            if (base.has(field)) {
                return base.get(field);
            }
        }
        throw new IllegalStateException("base rates lack " + type);
    }

    private static long toUnits(BigDecimal value, long max) {
        if (value.scale() > UNIT_SCALE) {
            return NOT_FAST;
        }
        BigDecimal units = value.movePointRight(UNIT_SCALE);
        return units.compareTo(BigDecimal.valueOf(max)) <= 0 ? units.longValueExact() : NOT_FAST;
    }

    /** The tier the request is priced at ({@link LongContextTierChoice}): 0 = base rates, i = tier i-1 of the spec. */
    int tierFor(TokenCounts counts) {
        return LongContextTierChoice.choose(thresholds, LongContextTierChoice.promptTokens(counts));
    }

    long threshold(int tier) {
        return thresholds[tier - 1];
    }

    BigDecimal rate(int tier, boolean batch, TokenType type) {
        return rates[tier * 2 + (batch ? 1 : 0)][type.ordinal()];
    }

    long rateUnits(int tier, boolean batch, TokenType type) {
        return rateUnits[tier * 2 + (batch ? 1 : 0)][type.ordinal()];
    }

    long feeUnits() {
        return feeUnits;
    }
}
