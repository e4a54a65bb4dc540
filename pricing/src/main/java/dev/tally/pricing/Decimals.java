package dev.tally.pricing;

import java.math.BigDecimal;

/** Exact decimal rules shared by every price: one canonical form, and its plain text. */
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

    /** Plain text without exponent or trailing zeros, as sent on the wire: "0.000003", "1500000000", "0". */
    public static String text(BigDecimal value) {
        return canonical(value).toPlainString();
    }
}
