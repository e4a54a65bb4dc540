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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenRouter's {@code GET /api/v1/models} response: {@code data[]} with decimal-string prices in
 * USD per token. Ids get LiteLLM's {@code openrouter/} prefix ({@code openrouter/anthropic/
 * claude-sonnet-4.6}) so both sources name OpenRouter's prices alike and a provider's own model
 * ({@code claude-sonnet-4-6}) keeps its id. {@code pricing.overrides[].min_prompt_tokens} become
 * long-context tiers at that threshold. A negative prompt/completion price ("-1": routers whose
 * price depends on the routed model) means no token pricing.
 */
final class OpenRouterFormat implements SourceParser {

    static final String ID_PREFIX = "openrouter/";
    static final String PROVIDER = "openrouter";

    private static final Map<RateField, String> RATE_KEYS = new EnumMap<>(Map.of(
            RateField.INPUT, "prompt",
            RateField.OUTPUT, "completion",
            RateField.CACHE_READ, "input_cache_read",
            RateField.CACHE_WRITE, "input_cache_write",
            RateField.CACHE_WRITE_1H, "input_cache_write_1h",
            RateField.REASONING, "internal_reasoning"));

    @Override
    public ParsedSource parse(byte[] body) {
        JsonNode root = SourceJson.read(body);
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw new SourceException("not an OpenRouter models response: no \"data\" list");
        }
        SourceEntries collected = new SourceEntries();
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode item : data) {
            String key = item.isObject() ? SourceJson.text(item, "id", "data[" + index + "]") : "data[" + index + "]";
            index++;
            if (!item.isObject() || !item.hasNonNull("id") || !item.get("id").isTextual()) {
                collected.skip(SkipReason.MALFORMED, key);
                continue;
            }
            if (!seen.add(key)) {
                collected.skip(SkipReason.DUPLICATE, key);
                continue;
            }
            collected.read(key, item, OpenRouterFormat::model);
        }
        return collected.toSource(SourceFormat.OPENROUTER, index);
    }

    private static SourceModel model(String id, JsonNode item) {
        JsonNode pricing = item.get("pricing");
        if (pricing == null || !pricing.isObject()) {
            return null;
        }
        BigDecimal prompt = SourceJson.decimal(pricing, "prompt");
        BigDecimal completion = SourceJson.decimal(pricing, "completion");
        if (prompt == null || completion == null || prompt.signum() < 0 || completion.signum() < 0) {
            return null;
        }
        Map<RateField, BigDecimal> base = SourceJson.rates(pricing, RATE_KEYS);
        TreeMap<Long, LongContextTier> tiers = new TreeMap<>();
        JsonNode overrides = pricing.get("overrides");
        if (overrides != null && !overrides.isNull()) {
            if (!overrides.isArray()) {
                throw new SourceJson.BadEntry("pricing.overrides is not a list");
            }
            for (JsonNode override : overrides) {
                Long threshold = SourceJson.count(override, "min_prompt_tokens");
                if (threshold == null || threshold <= 0) {
                    throw new SourceJson.BadEntry("pricing.overrides entry without min_prompt_tokens");
                }
                tiers.put(threshold, new LongContextTier(threshold, RateSet.of(SourceJson.rates(override, RATE_KEYS))));
            }
        }
        PriceSpec price = new PriceSpec(
                PriceSpec.SYNC_CURRENCY,
                RateSet.of(base),
                SourceJson.rate(pricing, "request"),
                List.copyOf(tiers.values()));
        JsonNode topProvider = item.path("top_provider");
        return new SourceModel(
                ID_PREFIX + id,
                PROVIDER,
                mode(item),
                SourceJson.count(item, "context_length"),
                topProvider.isObject() ? SourceJson.count(topProvider, "max_completion_tokens") : null,
                price);
    }

    /** "chat" for text output; otherwise the first output modality, e.g. "image". */
    private static String mode(JsonNode item) {
        JsonNode outputs = item.path("architecture").path("output_modalities");
        if (!outputs.isArray() || outputs.isEmpty()) {
            return "chat";
        }
        for (JsonNode output : outputs) {
            if ("text".equals(output.asText())) {
                return "chat";
            }
        }
        return outputs.get(0).asText("chat");
    }
}
