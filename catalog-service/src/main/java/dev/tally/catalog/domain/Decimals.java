package dev.tally.catalog.domain;

import dev.tally.support.error.Violations;
import dev.tally.support.money.Money;

import java.math.BigDecimal;

/** Exact decimal rules shared by every price: one canonical form, parsing from text only. */
public final class Decimals {

    private Decimals() {
    }

    /**
     * The canonical form of a rate: trailing zeros stripped, never a negative scale, so that equal
     * values are {@code equals} (a sync compares prices by value: "3e-06" equals "0.0000030").
     */
    public static BigDecimal canonical(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Plain text without exponent or trailing zeros, as sent on the wire. */
    public static String text(BigDecimal value) {
        return Money.plain(value);
    }

    /**
     * Parses a non-negative rate from client text ("0.000003"). Empty text is "not set" (null);
     * anything else that is not a plain non-negative decimal adds a violation for {@code field}.
     */
    public static BigDecimal parseRate(String text, String field, Violations violations) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!Money.isDecimal(text)) {
            violations.add(field, "must be a plain decimal such as 0.000003, got '" + text + "'");
            return null;
        }
        BigDecimal value = new BigDecimal(text.trim());
        if (value.signum() < 0) {
            violations.add(field, "must not be negative");
            return null;
        }
        return canonical(value);
    }
}
