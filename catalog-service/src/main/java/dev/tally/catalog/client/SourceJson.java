package dev.tally.catalog.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tally.pricing.RateField;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSON reading shared by the source formats. Numbers are read as exact decimals from their text
 * ({@code USE_BIG_DECIMAL_FOR_FLOATS}: {@code 7.5e-08} never passes through a double); decimal
 * strings (OpenRouter) are parsed the same way.
 */
final class SourceJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final Pattern DECIMAL_TEXT = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private SourceJson() {}

    /** The document's root; SourceException when the bytes are not JSON. */
    static JsonNode read(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new SourceException("malformed JSON: the document is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new SourceException("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SourceException("malformed JSON: " + e.getMessage());
        }
    }

    /**
     * The exact value of a JSON number or decimal string; null when the field is absent or null.
     * BadEntry when it is anything else.
     */
    static BigDecimal decimal(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual() && DECIMAL_TEXT.matcher(node.textValue().trim()).matches()) {
            return new BigDecimal(node.textValue().trim());
        }
        throw new BadEntry(field + " is not a number: " + node);
    }

    /** A non-negative rate (BadEntry when negative). */
    static BigDecimal rate(JsonNode parent, String field) {
        BigDecimal value = decimal(parent, field);
        if (value != null && value.signum() < 0) {
            throw new BadEntry(field + " is negative");
        }
        return value;
    }

    /** Rates named by {@code keys} (rate field → source key) present in {@code parent}. */
    static Map<RateField, BigDecimal> rates(JsonNode parent, Map<RateField, String> keys) {
        Map<RateField, BigDecimal> rates = new EnumMap<>(RateField.class);
        keys.forEach((field, key) -> {
            BigDecimal value = rate(parent, key);
            if (value != null) {
                rates.put(field, value);
            }
        });
        return rates;
    }

    /** A whole number such as a context window, or null when absent or not a whole number. */
    static Long count(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isNumber()) {
            return null;
        }
        try {
            return node.decimalValue().longValueExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    static String text(JsonNode parent, String field, String fallback) {
        JsonNode node = parent.get(field);
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : fallback;
    }

    /** An entry that cannot be imported: skipped as MALFORMED, the rest of the source is fine. */
    static final class BadEntry extends RuntimeException {
        BadEntry(String message) {
            super(message, null, false, false);
        }
    }
}
