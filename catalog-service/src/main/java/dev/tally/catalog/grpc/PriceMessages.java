package dev.tally.catalog.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.tally.pricing.lookup.ModelPage;
import dev.tally.pricing.Decimals;
import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.Model;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import dev.tally.catalog.v1.ListModelsResponse;
import dev.tally.catalog.v1.ModelPrices;
import dev.tally.catalog.v1.PriceSource;
import dev.tally.catalog.v1.TokenRates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Models and prices as protobuf messages. */
final class PriceMessages {

    /** TokenRates fields carry the same names as {@link RateField#apiName()}. */
    private static final Map<RateField, FieldDescriptor> RATE_FIELDS = new EnumMap<>(RateField.class);

    static {
        for (RateField field : RateField.values()) {
            FieldDescriptor descriptor = TokenRates.getDescriptor().findFieldByName(field.apiName());
            if (descriptor == null) {
                throw new IllegalStateException("TokenRates has no field " + field.apiName());
            }
            RATE_FIELDS.put(field, descriptor);
        }
    }

    private PriceMessages() {
    }

    static TokenRates rates(RateSet rates) {
        TokenRates.Builder builder = TokenRates.newBuilder();
        rates.asMap().forEach((field, value) -> builder.setField(RATE_FIELDS.get(field), Decimals.text(value)));
        return builder.build();
    }

    /** The rate texts a client sent, by field (empty strings included: "not set"). */
    static Map<RateField, String> rateTexts(TokenRates rates) {
        Map<RateField, String> texts = new EnumMap<>(RateField.class);
        RATE_FIELDS.forEach((field, descriptor) -> texts.put(field, (String) rates.getField(descriptor)));
        return texts;
    }

    static dev.tally.catalog.v1.PriceVersion version(PriceVersion v) {
        dev.tally.catalog.v1.PriceVersion.Builder b = dev.tally.catalog.v1.PriceVersion.newBuilder()
                .setPriceVersionId(v.id().toString())
                .setModelId(v.modelId())
                .setEffectiveTime(ProtoTime.of(v.effectiveTime()))
                .setSource(v.source() == dev.tally.pricing.PriceSource.SYNC ? PriceSource.PRICE_SOURCE_SYNC
                        : PriceSource.PRICE_SOURCE_MANUAL)
                .setCurrencyCode(v.price().currency())
                .setRates(rates(v.price().base()))
                .setCostPerRequest(Decimals.text(v.price().costPerRequest()));
        for (LongContextTier tier : v.price().tiers()) {
            b.addLongContextTiers(dev.tally.catalog.v1.LongContextTier.newBuilder()
                    .setThresholdTokens(tier.thresholdTokens()).setRates(rates(tier.rates())));
        }
        if (v.expireTime() != null) {
            b.setExpireTime(ProtoTime.of(v.expireTime()));
        }
        if (v.syncRunId() != null) {
            b.setSyncRunId(v.syncRunId().toString());
        }
        if (v.createTime() != null) {
            b.setCreateTime(ProtoTime.of(v.createTime()));
        }
        return b.build();
    }

    /** A model with the version in force at {@code now} as its current price. */
    static dev.tally.catalog.v1.Model model(Model m, Instant now) {
        dev.tally.catalog.v1.Model.Builder b = dev.tally.catalog.v1.Model.newBuilder()
                .setModelId(m.id())
                .setProvider(m.provider())
                .setMode(m.mode())
                .addAllAliases(m.attributes().aliases())
                .setActive(m.active())
                .setManualOverride(m.manualOverride())
                .setCreateTime(ProtoTime.of(m.createTime()))
                .setUpdateTime(ProtoTime.of(m.updateTime()));
        PriceVersion current = m.versionAt(now);
        if (current != null) {
            b.setCurrentPrice(version(current));
        }
        if (m.attributes().maxInputTokens() != null) {
            b.setMaxInputTokens(m.attributes().maxInputTokens());
        }
        if (m.attributes().maxOutputTokens() != null) {
            b.setMaxOutputTokens(m.attributes().maxOutputTokens());
        }
        return b.build();
    }

    /** Every version, newest first. */
    static List<dev.tally.catalog.v1.PriceVersion> history(Model m) {
        List<dev.tally.catalog.v1.PriceVersion> history = new ArrayList<>();
        for (int i = m.versions().size() - 1; i >= 0; i--) {
            history.add(version(m.versions().get(i)));
        }
        return history;
    }

    /** A model with the versions in force at or after {@code from}, ascending. */
    static ModelPrices modelPrices(Model m, Instant from, Instant now) {
        ModelPrices.Builder b = ModelPrices.newBuilder().setModel(model(m, now));
        for (PriceVersion v : m.versions()) {
            if (v.expireTime() == null || v.expireTime().isAfter(from)) {
                b.addPriceVersions(version(v));
            }
        }
        return b.build();
    }

    static ListModelsResponse page(ModelPage page, Instant now) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder()
                .setTotalSize(page.totalSize())
                .setNextPageToken(RequestIds.pageToken(page.nextAfterId()));
        page.models().forEach(m -> b.addModels(model(m, now)));
        return b.build();
    }
}
