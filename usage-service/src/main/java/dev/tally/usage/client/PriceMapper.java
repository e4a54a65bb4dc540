package dev.tally.usage.client;

import dev.tally.catalog.v1.ModelPrices;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The catalog's models as {@code WatchPriceChanges} sends them, mapped back to the pricing module's
 * types ({@code dev.tally.pricing}), so that usage-service prices with exactly the rules and the
 * versions catalog-service prices with. Everything pricing and id resolution read travels in the
 * message: id, provider, aliases, active flag, every version's rates, tiers, fee, currency, source
 * and times. The model's origin (which sync source it came from) is not on the wire and is not used
 * by pricing or resolution; it is derived for completeness.
 */
public final class PriceMapper {

    private PriceMapper() {}

    /** A model with the versions the catalog sent, or null when it sent none (nothing to price with). */
    public static Model model(ModelPrices prices) {
        dev.tally.catalog.v1.Model m = prices.getModel();
        if (prices.getPriceVersionsCount() == 0) {
            return null;
        }
        List<PriceVersion> versions = new ArrayList<>(prices.getPriceVersionsCount());
        prices.getPriceVersionsList().forEach(v -> versions.add(version(v)));
        ModelOrigin origin = m.getManualOverride()
                ? ModelOrigin.MANUAL
                : m.getModelId().startsWith("openrouter/") ? ModelOrigin.OPENROUTER : ModelOrigin.LITELLM;
        ModelAttributes attributes = new ModelAttributes(
                m.getProvider(),
                m.getMode(),
                m.getAliasesList(),
                origin,
                m.hasMaxInputTokens() ? m.getMaxInputTokens() : null,
                m.hasMaxOutputTokens() ? m.getMaxOutputTokens() : null);
        return new Model(
                m.getModelId(),
                attributes,
                m.getActive(),
                time(m.hasCreateTime(), m.getCreateTime()),
                time(m.hasUpdateTime(), m.getUpdateTime()),
                0,
                versions);
    }

    static PriceVersion version(dev.tally.catalog.v1.PriceVersion v) {
        List<LongContextTier> tiers = new ArrayList<>(v.getLongContextTiersCount());
        v.getLongContextTiersList()
                .forEach(t -> tiers.add(new LongContextTier(t.getThresholdTokens(), rates(t.getRates()))));
        PriceSpec spec = new PriceSpec(
                v.getCurrencyCode(),
                rates(v.getRates()),
                v.getCostPerRequest().isEmpty() ? BigDecimal.ZERO : new BigDecimal(v.getCostPerRequest()),
                tiers);
        PriceSource source = switch (v.getSource()) {
            case PRICE_SOURCE_MANUAL -> PriceSource.MANUAL;
            case PRICE_SOURCE_SYNC, PRICE_SOURCE_UNSPECIFIED, UNRECOGNIZED -> PriceSource.SYNC;
        };
        return new PriceVersion(
                UUID.fromString(v.getPriceVersionId()),
                v.getModelId(),
                instant(v.getEffectiveTime()),
                v.hasExpireTime() ? instant(v.getExpireTime()) : null,
                source,
                spec,
                v.getSyncRunId().isEmpty() ? null : UUID.fromString(v.getSyncRunId()),
                v.hasCreateTime() ? instant(v.getCreateTime()) : null);
    }

    /** A rate set with the rates the message sets (an empty string means "not priced separately"). */
    static RateSet rates(TokenRates r) {
        Map<RateField, BigDecimal> values = new EnumMap<>(RateField.class);
        for (RateField field : RateField.values()) {
            String text = rate(r, field);
            if (!text.isEmpty()) {
                values.put(field, new BigDecimal(text));
            }
        }
        return RateSet.of(values);
    }

    /** A switch expression, so a new rate field breaks the build until it is mapped. */
    private static String rate(TokenRates r, RateField field) {
        return switch (field) {
            case INPUT -> r.getInputCostPerToken();
            case OUTPUT -> r.getOutputCostPerToken();
            case CACHE_READ -> r.getCacheReadInputCostPerToken();
            case CACHE_WRITE -> r.getCacheWriteInputCostPerToken();
            case CACHE_WRITE_1H -> r.getCacheWrite1HInputCostPerToken();
            case REASONING -> r.getReasoningCostPerToken();
            case BATCH_INPUT -> r.getBatchInputCostPerToken();
            case BATCH_OUTPUT -> r.getBatchOutputCostPerToken();
        };
    }

    private static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static Instant time(boolean present, com.google.protobuf.Timestamp t) {
        return present ? instant(t) : Instant.EPOCH;
    }
}
