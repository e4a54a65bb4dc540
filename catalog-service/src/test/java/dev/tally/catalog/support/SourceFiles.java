package dev.tally.catalog.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Edited copies of the bundled LiteLLM file, for sync tests. Numbers stay exact decimals. */
public final class SourceFiles {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private SourceFiles() {}

    public static byte[] bundled() {
        return BundledPrices.bytes(BundledPrices.LITELLM_RESOURCE);
    }

    /** The bundled file with one field of one model set to {@code value}. */
    public static byte[] withPrice(String model, String field, String value) {
        ObjectNode root = read();
        ((ObjectNode) root.get(model)).put(field, new BigDecimal(value));
        return write(root);
    }

    /** The bundled file (or, with {@code withoutHalf}, what {@link #withoutHalf} serves) edited by {@code edit}. */
    public static byte[] edited(boolean withoutHalf, Consumer<ObjectNode> edit) {
        ObjectNode root = read();
        if (withoutHalf) {
            removeHalf(root, List.of());
        }
        edit.accept(root);
        return write(root);
    }

    /** Sets one price field of one entry of {@code root}, exactly. */
    public static void setPrice(ObjectNode root, String model, String field, String value) {
        ((ObjectNode) root.get(model)).put(field, new BigDecimal(value));
    }

    /** Adds a chat model priced per token to {@code root}. */
    public static void addModel(ObjectNode root, String model, String provider, String input, String output) {
        root.putObject(model)
                .put("litellm_provider", provider)
                .put("mode", "chat")
                .put("input_cost_per_token", new BigDecimal(input))
                .put("output_cost_per_token", new BigDecimal(output));
    }

    /** The bundled file without every second entry (but keeping {@code keep}). */
    public static byte[] withoutHalf(String... keep) {
        ObjectNode root = read();
        removeHalf(root, List.of(keep));
        return write(root);
    }

    private static void removeHalf(ObjectNode root, List<String> keep) {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        for (int i = 1; i < names.size(); i += 2) {
            if (!keep.contains(names.get(i))) {
                root.remove(names.get(i));
            }
        }
    }

    private static ObjectNode read() {
        try {
            return (ObjectNode) JSON.readTree(bundled());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
