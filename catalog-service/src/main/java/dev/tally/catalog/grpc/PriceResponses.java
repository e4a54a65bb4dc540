package dev.tally.catalog.grpc;

import dev.tally.catalog.app.CatalogEvent;
import dev.tally.catalog.app.ManualPrices;
import dev.tally.catalog.v1.GetModelResponse;
import dev.tally.catalog.v1.ListModelsResponse;
import dev.tally.catalog.v1.ModelPrices;
import dev.tally.catalog.v1.PriceChangeKind;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.UpsertModelPriceResponse;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.Model;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import dev.tally.pricing.lookup.ModelPage;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.time.Instant;

/** Models, prices and their changes as the responses of the model and price RPCs. */
final class PriceResponses {

    /** How an UpsertModelPrice response is stored with its idempotency key and replayed. */
    static final Replies<UpsertModelPriceResponse> UPSERT_MODEL_PRICE = Replies.of(
            UpsertModelPriceResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private PriceResponses() {}

    /**
     * One page of a listing: {@code models} holds up to one model more than the page, which only
     * says that a next page exists ({@link Paging#page}).
     */
    static ListModelsResponse page(ModelPage models, PriceRequests.Listing listing, Instant now) {
        Paging.Page<Model> page = Paging.page(models.models(), listing.paging(), Model::id, listing.query());
        ListModelsResponse.Builder b =
                ListModelsResponse.newBuilder().setTotalSize(models.totalSize()).setNextPageToken(page.nextPageToken());
        page.items().forEach(m -> b.addModels(model(m, now)));
        return b.build();
    }

    /** A model with its whole history, newest first. */
    static GetModelResponse modelWithHistory(Model m, Instant now) {
        GetModelResponse.Builder b = GetModelResponse.newBuilder().setModel(model(m, now));
        for (int i = m.versions().size() - 1; i >= 0; i--) {
            b.addPriceHistory(version(m.versions().get(i)));
        }
        return b.build();
    }

    /** The first answer to an UpsertModelPrice call (stored with its key; replays mark it duplicate). */
    static UpsertModelPriceResponse upserted(ManualPrices.Result result, Instant now) {
        return UpsertModelPriceResponse.newBuilder()
                .setModel(model(result.model(), now))
                .setPriceVersion(version(result.version()))
                .setModelCreated(result.created())
                .build();
    }

    /**
     * One message of a price watch; each model with the versions in force at or after
     * {@code since} (null: {@code now}).
     */
    static WatchPriceChangesResponse change(CatalogEvent event, Instant since, Instant now) {
        WatchPriceChangesResponse.Builder b = WatchPriceChangesResponse.newBuilder()
                .setKind(kind(event.kind()))
                .setRevision(event.revision());
        event.models().forEach(m -> b.addModels(modelPrices(m, since == null ? now : since, now)));
        if (event.syncRunId() != null) {
            b.setSyncRunId(event.syncRunId().toString());
        }
        return b.build();
    }

    /** A model with the version in force at {@code now} as its current price. */
    private static dev.tally.catalog.v1.Model model(Model m, Instant now) {
        dev.tally.catalog.v1.Model.Builder b = dev.tally.catalog.v1.Model.newBuilder()
                .setModelId(m.id())
                .setProvider(m.provider())
                .setMode(m.mode())
                .addAllAliases(m.attributes().aliases())
                .setActive(m.active())
                .setManualOverride(m.manualOverride())
                .setCreateTime(ProtoTime.timestamp(m.createTime()))
                .setUpdateTime(ProtoTime.timestamp(m.updateTime()));
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

    /** A model with the versions in force at or after {@code from}, ascending. */
    private static ModelPrices modelPrices(Model m, Instant from, Instant now) {
        ModelPrices.Builder b = ModelPrices.newBuilder().setModel(model(m, now));
        for (PriceVersion v : m.versions()) {
            if (v.expireTime() == null || v.expireTime().isAfter(from)) {
                b.addPriceVersions(version(v));
            }
        }
        return b.build();
    }

    private static dev.tally.catalog.v1.PriceVersion version(PriceVersion v) {
        dev.tally.catalog.v1.PriceVersion.Builder b = dev.tally.catalog.v1.PriceVersion.newBuilder()
                .setPriceVersionId(v.id().toString())
                .setModelId(v.modelId())
                .setEffectiveTime(ProtoTime.timestamp(v.effectiveTime()))
                .setSource(source(v.source()))
                .setCurrencyCode(v.price().currency())
                .setRates(rates(v.price().base()))
                .setCostPerRequest(Decimals.text(v.price().costPerRequest()));
        for (LongContextTier tier : v.price().tiers()) {
            b.addLongContextTiers(dev.tally.catalog.v1.LongContextTier.newBuilder()
                    .setThresholdTokens(tier.thresholdTokens())
                    .setRates(rates(tier.rates())));
        }
        if (v.expireTime() != null) {
            b.setExpireTime(ProtoTime.timestamp(v.expireTime()));
        }
        if (v.syncRunId() != null) {
            b.setSyncRunId(v.syncRunId().toString());
        }
        if (v.createTime() != null) {
            b.setCreateTime(ProtoTime.timestamp(v.createTime()));
        }
        return b.build();
    }

    private static TokenRates rates(RateSet rates) {
        TokenRates.Builder b = TokenRates.newBuilder();
        rates.asMap().forEach((field, value) -> setRate(b, field, Decimals.text(value)));
        return b.build();
    }

    /** A switch expression, so a new rate field breaks the build until it is mapped. */
    private static TokenRates.Builder setRate(TokenRates.Builder b, RateField field, String text) {
        return switch (field) {
            case INPUT -> b.setInputCostPerToken(text);
            case OUTPUT -> b.setOutputCostPerToken(text);
            case CACHE_READ -> b.setCacheReadInputCostPerToken(text);
            case CACHE_WRITE -> b.setCacheWriteInputCostPerToken(text);
            case CACHE_WRITE_1H -> b.setCacheWrite1HInputCostPerToken(text);
            case REASONING -> b.setReasoningCostPerToken(text);
            case BATCH_INPUT -> b.setBatchInputCostPerToken(text);
            case BATCH_OUTPUT -> b.setBatchOutputCostPerToken(text);
        };
    }

    private static dev.tally.catalog.v1.PriceSource source(PriceSource source) {
        return switch (source) {
            case SYNC -> dev.tally.catalog.v1.PriceSource.PRICE_SOURCE_SYNC;
            case MANUAL -> dev.tally.catalog.v1.PriceSource.PRICE_SOURCE_MANUAL;
        };
    }

    private static PriceChangeKind kind(CatalogEvent.Kind kind) {
        return switch (kind) {
            case SNAPSHOT -> PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT;
            case SNAPSHOT_END -> PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT_END;
            case CHANGE -> PriceChangeKind.PRICE_CHANGE_KIND_CHANGE;
        };
    }
}
