package dev.tally.catalog.grpc;

import dev.tally.catalog.domain.manual.ManualPrice;
import dev.tally.catalog.domain.manual.ManualPriceDraft;
import dev.tally.catalog.domain.manual.ManualPriceRule;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.ListModelsRequest;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.pricing.RateField;
import dev.tally.pricing.lookup.ModelFilter;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model and price RPCs' requests (ListModels, GetModel, UpsertModelPrice, WatchPriceChanges)
 * as domain queries and commands, checked: every bad field is reported at once.
 */
final class PriceRequests {

    /**
     * The decimal fields of UpsertModelPriceRequest (every rate, in {@code rates} and in each tier,
     * and the fee): its idempotency hash compares them by value, so "0.00000300" replays "0.000003".
     */
    static final String[] DECIMAL_FIELDS = Stream.concat(
                    Arrays.stream(RateField.values()).map(RateField::apiName), Stream.of("cost_per_request"))
            .toArray(String[]::new);

    private PriceRequests() {}

    /** ListModels: which models, which page, and the query its page tokens are bound to. */
    record Listing(ModelFilter filter, Paging.PageRequest paging, String query) {}

    /** UpsertModelPrice: the checked price and the call's idempotency key (an admin call: service scope). */
    record Upsert(ManualPrice price, RequestKey key) {}

    /**
     * WatchPriceChanges: which models, and from when their history is sent (null: from the time
     * of each message, i.e. the version in force and any future ones).
     */
    record Watch(boolean includeInactive, Instant historySince) {}

    static Listing listing(ListModelsRequest request) {
        Violations violations = new Violations();
        String query = listQuery(request);
        Paging.PageRequest paging = Paging.request(violations, request.getPageSize(), request.getPageToken(), query);
        violations.throwIfAny();
        return new Listing(
                new ModelFilter(request.getProvider(), request.getMode(), request.getIncludeInactive()), paging, query);
    }

    /** The filters of a ListModels call (every field but paging): a page token is valid only for them. */
    private static String listQuery(ListModelsRequest request) {
        return ListQueries.of(
                "ListModels",
                request.toBuilder().clearPageSize().clearPageToken().build());
    }

    /** GetModel: the model as sent, in any id form. */
    static String model(GetModelRequest request) {
        new Violations().requireNonBlank(request.getModel(), "model").throwIfAny();
        return request.getModel();
    }

    static Upsert upsert(UpsertModelPriceRequest request) {
        Violations violations = new Violations();
        RequestKey.check(violations, RequestKey.FIELD, request.getIdempotencyKey());
        Instant from = ProtoTime.optional(
                violations, "effective_time", request.hasEffectiveTime(), request.getEffectiveTime());
        ManualPriceDraft draft = new ManualPriceDraft(
                request.getModelId(),
                request.getProvider(),
                request.getMode(),
                request.getAliasesList(),
                request.getCurrencyCode(),
                rateTexts(request.getRates()),
                request.getCostPerRequest(),
                request.getLongContextTiersList().stream()
                        .map(t -> new ManualPriceDraft.TierDraft(t.getThresholdTokens(), rateTexts(t.getRates())))
                        .toList(),
                from);
        ManualPrice price = ManualPriceRule.check(draft, violations);
        return new Upsert(
                price, RequestKey.forService(request.getIdempotencyKey(), "UpsertModelPrice", request, DECIMAL_FIELDS));
    }

    /** @param now history may not be asked from the future */
    static Watch watch(WatchPriceChangesRequest request, Instant now) {
        Violations violations = new Violations();
        Instant since =
                ProtoTime.optional(violations, "history_since", request.hasHistorySince(), request.getHistorySince());
        violations.check(since != null && since.isAfter(now), "history_since", "must not be in the future");
        violations.throwIfAny();
        return new Watch(request.getIncludeInactive(), since);
    }

    /** The rate texts a client sent, by field (empty strings included: "not set"). */
    private static Map<RateField, String> rateTexts(TokenRates rates) {
        Map<RateField, String> texts = new EnumMap<>(RateField.class);
        for (RateField field : RateField.values()) {
            texts.put(field, rateText(rates, field));
        }
        return texts;
    }

    private static String rateText(TokenRates rates, RateField field) {
        return switch (field) {
            case INPUT -> rates.getInputCostPerToken();
            case OUTPUT -> rates.getOutputCostPerToken();
            case CACHE_READ -> rates.getCacheReadInputCostPerToken();
            case CACHE_WRITE -> rates.getCacheWriteInputCostPerToken();
            case CACHE_WRITE_1H -> rates.getCacheWrite1HInputCostPerToken();
            case REASONING -> rates.getReasoningCostPerToken();
            case BATCH_INPUT -> rates.getBatchInputCostPerToken();
            case BATCH_OUTPUT -> rates.getBatchOutputCostPerToken();
        };
    }
}
