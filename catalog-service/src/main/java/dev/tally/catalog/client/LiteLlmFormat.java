package dev.tally.catalog.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SkipReason;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SourceModel;
import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LiteLLM's {@code model_prices_and_context_window.json}: an object keyed by model id, USD per
 * token. Long-context tiers come from {@code <rate key>_above_<N>k_tokens} keys (threshold
 * N × 1000) and from {@code tiered_pricing} ranges (threshold = range start). Priority/flex
 * service-tier prices, and image, audio, per-second and per-character prices are not token rates
 * of this catalog and are ignored; an entry without input and output token rates is skipped.
 */
final class LiteLlmFormat implements SourceParser {

    static final String SAMPLE_SPEC = "sample_spec";

    private static final Map<RateField, String> RATE_KEYS = new EnumMap<>(Map.of(
            RateField.INPUT, "input_cost_per_token",
            RateField.OUTPUT, "output_cost_per_token",
            RateField.CACHE_READ, "cache_read_input_token_cost",
            RateField.CACHE_WRITE, "cache_creation_input_token_cost",
            RateField.CACHE_WRITE_1H, "cache_creation_input_token_cost_above_1hr",
            RateField.REASONING, "output_cost_per_reasoning_token",
            RateField.BATCH_INPUT, "input_cost_per_token_batches",
            RateField.BATCH_OUTPUT, "output_cost_per_token_batches"));
    /** DeepSeek entries also name their cache-read rate this way. */
    private static final String CACHE_HIT_KEY = "input_cost_per_token_cache_hit";

    private static final String FEE_KEY = "input_cost_per_request";
    private static final Pattern TIER_KEY = Pattern.compile("^(.+)_above_(\\d+)k_tokens$");

    @Override
    public ParsedSource parse(byte[] body) {
        JsonNode root = SourceJson.read(body);
        if (!root.isObject()) {
            throw new SourceException("not a LiteLLM price list: the document is not a JSON object");
        }
        SourceEntries collected = new SourceEntries();
        int entries = 0;
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            entries++;
            String key = entry.getKey();
            if (SAMPLE_SPEC.equals(key)) {
                collected.skip(SkipReason.SAMPLE_SPEC, key);
                continue;
            }
            if (!entry.getValue().isObject()) {
                collected.skip(SkipReason.MALFORMED, key);
                continue;
            }
            collected.read(key, entry.getValue(), LiteLlmFormat::model);
        }
        return collected.toSource(SourceFormat.LITELLM, entries);
    }

    private static SourceModel model(String id, JsonNode entry) {
        Map<RateField, BigDecimal> base = SourceJson.rates(entry, RATE_KEYS);
        if (!base.containsKey(RateField.CACHE_READ)) {
            BigDecimal cacheHit = SourceJson.rate(entry, CACHE_HIT_KEY);
            if (cacheHit != null) {
                base.put(RateField.CACHE_READ, cacheHit);
            }
        }
        TreeMap<Long, Map<RateField, BigDecimal>> tiers = new TreeMap<>();
        readAboveKeys(entry, tiers);
        readTieredPricing(entry, base, tiers);
        if (!base.containsKey(RateField.INPUT) || !base.containsKey(RateField.OUTPUT)) {
            return null;
        }
        List<LongContextTier> tierList = new ArrayList<>();
        tiers.forEach((threshold, rates) -> tierList.add(new LongContextTier(threshold, RateSet.of(rates))));
        PriceSpec price =
                new PriceSpec(PriceSpec.SYNC_CURRENCY, RateSet.of(base), SourceJson.rate(entry, FEE_KEY), tierList);
        String provider = SourceJson.text(entry, "litellm_provider", providerFromId(id));
        return new SourceModel(
                id,
                provider,
                SourceJson.text(entry, "mode", "chat"),
                SourceJson.count(entry, "max_input_tokens"),
                SourceJson.count(entry, "max_output_tokens"),
                price);
    }

    /** {@code input_cost_per_token_above_200k_tokens} → tier 200000, INPUT. */
    private static void readAboveKeys(JsonNode entry, TreeMap<Long, Map<RateField, BigDecimal>> tiers) {
        for (Map.Entry<String, JsonNode> property : entry.properties()) {
            String name = property.getKey();
            Matcher m = TIER_KEY.matcher(name);
            if (!m.matches()) {
                continue;
            }
            RateField field = fieldOf(m.group(1));
            if (field == null) {
                continue;
            }
            BigDecimal rate = SourceJson.rate(entry, name);
            if (rate != null) {
                long threshold = Math.multiplyExact(Long.parseLong(m.group(2)), 1000L);
                tiers.computeIfAbsent(threshold, t -> new EnumMap<>(RateField.class))
                        .put(field, rate);
            }
        }
    }

    private static RateField fieldOf(String sourceKey) {
        for (Map.Entry<RateField, String> e : RATE_KEYS.entrySet()) {
            if (e.getValue().equals(sourceKey)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * {@code tiered_pricing: [{range: [0, 256000], input_cost_per_token...}, {range: [256000, ...]}]}:
     * the token range starting at 0 supplies base rates the entry does not set itself, later
     * ranges are tiers starting above their range start. Ranges over other things are ignored.
     */
    private static void readTieredPricing(
            JsonNode entry, Map<RateField, BigDecimal> base, TreeMap<Long, Map<RateField, BigDecimal>> tiers) {
        JsonNode ranges = entry.get("tiered_pricing");
        if (ranges == null || ranges.isNull()) {
            return;
        }
        if (!ranges.isArray()) {
            throw new SourceJson.BadEntry("tiered_pricing is not a list");
        }
        for (JsonNode range : ranges) {
            JsonNode bounds = range.get("range");
            if (bounds == null) {
                continue; // tiers over something else than tokens, e.g. search tools' max_results_range
            }
            if (!bounds.isArray() || bounds.isEmpty()) {
                throw new SourceJson.BadEntry("tiered_pricing range is not a list");
            }
            JsonNode first = bounds.get(0);
            BigDecimal start = first.isNumber() ? first.decimalValue() : null;
            if (start == null || start.signum() < 0) {
                throw new SourceJson.BadEntry("tiered_pricing range start is not a non-negative number");
            }
            Map<RateField, BigDecimal> rates = SourceJson.rates(range, RATE_KEYS);
            if (start.signum() == 0) {
                rates.forEach(base::putIfAbsent);
            } else {
                tiers.computeIfAbsent(start.longValueExact(), t -> new EnumMap<>(RateField.class))
                        .putAll(rates);
            }
        }
    }

    private static String providerFromId(String id) {
        int slash = id.indexOf('/');
        return slash > 0 ? id.substring(0, slash) : "unknown";
    }
}
