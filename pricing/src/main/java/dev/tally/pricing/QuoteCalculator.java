package dev.tally.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices a request: picks the version in force at the request's time, the long-context tier
 * ({@link LongContextTierChoice}), the batch or regular rates, then multiplies and adds exactly. Long
 * arithmetic in pico-units when every rate allows it (see {@link RateCard}), BigDecimal
 * otherwise; both give the same exact result.
 */
public final class QuoteCalculator {

    private QuoteCalculator() {}

    /** The quote with the version in force at {@code at}; {@link PriceNotInEffectException} before the first one. */
    public static Quote quote(Model model, TokenCounts counts, Instant at) {
        PriceVersion version = model.versionAt(at);
        if (version == null) {
            throw new PriceNotInEffectException(
                    model.id(), at, model.versions().get(0).effectiveTime());
        }
        return quote(model.id(), version, counts);
    }

    public static Quote quote(String modelId, PriceVersion version, TokenCounts counts) {
        RateCard card = version.price().card();
        boolean batch = counts.batch();
        int tier = card.tierFor(counts);
        List<CostLine> lines = new ArrayList<>(TokenType.all().length);
        boolean fast = card.feeUnits() != RateCard.NOT_FAST;
        long totalUnits = card.feeUnits();
        for (TokenType type : TokenType.all()) {
            long tokens = counts.get(type);
            if (tokens == 0) {
                continue;
            }
            long rateUnits = card.rateUnits(tier, batch, type);
            BigDecimal rate = card.rate(tier, batch, type);
            BigDecimal cost;
            if (rateUnits != RateCard.NOT_FAST) {
                long units = tokens * rateUnits;
                totalUnits += units;
                cost = BigDecimal.valueOf(units, RateCard.UNIT_SCALE);
            } else {
                fast = false;
                cost = rate.multiply(BigDecimal.valueOf(tokens));
            }
            lines.add(new CostLine(type, tokens, rate, cost));
        }
        BigDecimal fee = version.price().costPerRequest();
        BigDecimal total;
        if (fast) {
            total = BigDecimal.valueOf(totalUnits, RateCard.UNIT_SCALE);
        } else {
            total = fee;
            for (CostLine line : lines) {
                total = total.add(line.cost());
            }
        }
        Long threshold = tier == 0 ? null : card.threshold(tier);
        return new Quote(modelId, version, threshold, batch, lines, fee, total);
    }
}
