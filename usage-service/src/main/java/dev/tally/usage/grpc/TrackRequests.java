package dev.tally.usage.grpc;

import dev.tally.pricing.TokenCounts;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.app.TrackItem;
import dev.tally.usage.domain.PeriodRule;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Track requests (and TrackBatch / TrackStream items) as {@link TrackItem}s: every bad field at once
 * as INVALID_ARGUMENT with field violations (paths relative to the request or item), nothing stored.
 * Limits: properties at most {@value #MAX_PROPERTIES} entries, keys 1-{@value #MAX_PROPERTY_KEY}
 * characters, values at most {@value #MAX_PROPERTY_VALUE}; model at most {@value #MAX_MODEL}
 * characters; token counts 0 to 1,000,000,000; occurred_time at most 5 minutes ahead.
 */
final class TrackRequests {

    /** The RPC name stored with the keys of Track, TrackBatch and TrackStream items: one operation, one key space. */
    static final String TRACK_METHOD = "Track";

    static final int MAX_PROPERTIES = 50;
    static final int MAX_PROPERTY_KEY = 64;
    static final int MAX_PROPERTY_VALUE = 512;
    static final int MAX_MODEL = 256;

    private TrackRequests() {}

    static TrackItem item(TrackRequest request, Instant now) {
        Violations v = new Violations();
        String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
        String feature = Identifiers.required(v, "feature_code", request.getFeatureCode());
        String key = RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
        Quantity quantity = quantity(
                v,
                "",
                request.getQuantityCase() == TrackRequest.QuantityCase.VALUE,
                request.getValue(),
                request.hasTokenUsage() ? request.getTokenUsage() : null,
                true);
        Instant occurred =
                ProtoTime.orDefault(v, "occurred_time", request.hasOccurredTime(), request.getOccurredTime(), now);
        if (occurred != null && PeriodRule.tooFarAhead(occurred, now)) {
            v.add("occurred_time", "must be at most " + PeriodRule.MAX_AHEAD.toMinutes() + " minutes in the future");
        }
        properties(v, request.getPropertiesMap());
        String hold = Identifiers.optional(v, "hold_id", request.getHoldId());
        v.throwIfAny();
        return new TrackItem(
                customer,
                feature,
                RequestKey.forCustomer(customer, key, TRACK_METHOD, request, "value"),
                quantity,
                occurred,
                hold,
                request.getPropertiesMap());
    }

    /**
     * The quantity of a Track, Check or AmendEvent request: a decimal value > 0, or a model and token
     * counts (each 0 to 1e9). Without either: 1 unit when {@code defaultOne}, else null.
     */
    static Quantity quantity(
            Violations v, String prefix, boolean hasValue, String value, TokenUsage tokens, boolean defaultOne) {
        if (hasValue) {
            BigDecimal units = Decimals.positive(v, prefix + "value", value);
            return units == null ? null : new Quantity.Units(units);
        }
        if (tokens != null) {
            String model = tokens.getModel();
            if (model.isEmpty()) {
                v.add(prefix + "token_usage.model", "must be set: token counts need the model that produced them");
            } else if (model.codePointCount(0, model.length()) > MAX_MODEL) {
                v.add(prefix + "token_usage.model", "must be at most " + MAX_MODEL + " characters");
            }
            var t = tokens.getTokens();
            long[] counts = {
                t.getInputTokens(),
                t.getOutputTokens(),
                t.getCacheReadTokens(),
                t.getCacheWrite5MTokens(),
                t.getCacheWrite1HTokens(),
                t.getReasoningTokens()
            };
            String[] names = {
                "input_tokens",
                "output_tokens",
                "cache_read_tokens",
                "cache_write_5m_tokens",
                "cache_write_1h_tokens",
                "reasoning_tokens"
            };
            boolean ok = !model.isEmpty();
            for (int i = 0; i < counts.length; i++) {
                String problem = TokenCounts.rangeProblem(counts[i]);
                if (problem != null) {
                    v.add(prefix + "token_usage.tokens." + names[i], problem);
                    ok = false;
                }
            }
            return ok
                    ? new Quantity.Tokens(
                            model,
                            new TokenCounts(
                                    counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], t.getBatch()))
                    : null;
        }
        return defaultOne ? new Quantity.Units(BigDecimal.ONE) : null;
    }

    private static void properties(Violations v, Map<String, String> properties) {
        if (properties.size() > MAX_PROPERTIES) {
            v.add("properties", "must have at most " + MAX_PROPERTIES + " entries");
            return;
        }
        properties.forEach((k, value) -> {
            int keyLength = k.codePointCount(0, k.length());
            if (keyLength < 1 || keyLength > MAX_PROPERTY_KEY) {
                v.add("properties[" + k + "]", "keys must be 1-" + MAX_PROPERTY_KEY + " characters");
            } else if (value.codePointCount(0, value.length()) > MAX_PROPERTY_VALUE) {
                v.add("properties[" + k + "]", "values must be at most " + MAX_PROPERTY_VALUE + " characters");
            }
        });
    }
}
