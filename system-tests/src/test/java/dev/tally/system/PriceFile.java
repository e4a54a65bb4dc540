package dev.tally.system;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The catalog's bundled LiteLLM price snapshot (what a fresh install prices with), read with every
 * number as an exact decimal from its text; and modified copies of it for a price change.
 */
final class PriceFile {

    static final Path BUNDLED =
            SystemUnderTest.ROOT.resolve("catalog-service/src/main/resources/catalog/litellm_model_prices.json");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ObjectNode root;

    private PriceFile(ObjectNode root) {
        this.root = root;
    }

    static PriceFile bundled() {
        try {
            return new PriceFile((ObjectNode) JSON.readTree(Files.readAllBytes(BUNDLED)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** USD per token of one price key of an entry, e.g. {@code input_cost_per_token}. */
    BigDecimal rate(String modelKey, String priceKey) {
        JsonNode entry = root.get(modelKey);
        if (entry == null || entry.get(priceKey) == null) {
            throw new IllegalArgumentException("no " + priceKey + " for " + modelKey + " in the price file");
        }
        return new BigDecimal(entry.get(priceKey).asText());
    }

    /** A copy with one price of one entry replaced. */
    PriceFile withRate(String modelKey, String priceKey, BigDecimal rate) {
        ObjectNode copy = root.deepCopy();
        ((ObjectNode) copy.get(modelKey)).put(priceKey, rate);
        return new PriceFile(copy);
    }

    byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
