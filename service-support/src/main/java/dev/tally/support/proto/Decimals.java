package dev.tally.support.proto;

import dev.tally.shared.money.Money;
import dev.tally.support.error.Violations;
import java.math.BigDecimal;

/**
 * Decimal strings of the contract (amounts, rates, margins, quantities) to {@link BigDecimal} and
 * back. Wire text must be {@code -?digits(.digits)?} with at most 30 integer and 30 fraction digits
 * ({@link Money#isDecimal}); anything else is a violation naming the field's path. Parsed values
 * are canonical (trailing zeros stripped, never a negative scale), so {@code "1.50"} and
 * {@code "1.5"} are {@code equals}.
 */
public final class Decimals {

    static final String FORM = "must be a decimal such as 12.5 or -0.000375 (digits with an optional '-' and"
            + " fraction; no spaces, '+', exponent or grouping; at most " + Money.MAX_DIGITS
            + " digits before and after the point)";
    private static final int MAX_ECHO = 40;

    private Decimals() {}

    /** A required decimal; null with a violation when empty or malformed. */
    public static BigDecimal required(Violations violations, String field, String text) {
        if (text == null || text.isEmpty()) {
            violations.add(field, "must be set");
            return null;
        }
        return optional(violations, field, text);
    }

    /** An optional decimal: null when empty; null with a violation when malformed. */
    public static BigDecimal optional(Violations violations, String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!Money.isDecimal(text)) {
            violations.add(field, FORM + ", got '" + echo(text) + "'");
            return null;
        }
        return Money.canonical(new BigDecimal(text));
    }

    /** A required decimal greater than zero. */
    public static BigDecimal positive(Violations violations, String field, String text) {
        BigDecimal value = required(violations, field, text);
        if (value != null && value.signum() <= 0) {
            violations.add(field, "must be greater than 0");
            return null;
        }
        return value;
    }

    /** An optional decimal that is not negative: null when empty. */
    public static BigDecimal nonNegative(Violations violations, String field, String text) {
        BigDecimal value = optional(violations, field, text);
        if (value != null && value.signum() < 0) {
            violations.add(field, "must not be negative");
            return null;
        }
        return value;
    }

    /** Wire text: plain digits, no exponent, no trailing zeros ({@code 0.000003}, {@code 1000}). */
    public static String text(BigDecimal value) {
        return Money.plain(value);
    }

    /** The bad input as shown back in a violation: short, one line. */
    static String echo(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "…" : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
