package dev.tally.shared.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount in one unit: an ISO 4217 currency or {@link #CREDITS}. There is no
 * {@code double} constructor; amounts come from decimal text or {@link BigDecimal}. Operations
 * check the unit. Full precision is kept: nothing here rounds (invoice-service's
 * {@code CurrencyScale} is the one place that rounds, an invoice line's amount to the currency's
 * minor unit).
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

    public static final String CREDITS = "CREDITS";
    /** At most this many digits before and after the decimal point (the contract's limit). */
    public static final int MAX_DIGITS = 30;
    /**
     * A decimal on the wire: {@code -?digits(.digits)?}, ASCII digits only. No whitespace, no
     * {@code +}, no exponent, no grouping; at most 30 integer and 30 fraction digits.
     */
    private static final Pattern DECIMAL =
            Pattern.compile("-?[0-9]{1," + MAX_DIGITS + "}(\\.[0-9]{1," + MAX_DIGITS + "})?");

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}|CREDITS");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (!isValidUnit(currency)) {
            throw new IllegalArgumentException("unknown unit: " + currency);
        }
    }

    /** Money from wire text, which must be {@link #isDecimal strict decimal text}. */
    public static Money of(String amount, String currency) {
        if (!isDecimal(amount)) {
            throw new IllegalArgumentException("not a plain decimal: " + amount);
        }
        return new Money(new BigDecimal(amount), currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * True for strict decimal text such as {@code 12}, {@code -0.5}, {@code 0.000375}; false for
     * {@code " 5"}, {@code "+5"}, {@code "1e3"}, {@code "1,000"}, {@code "5."}, {@code ".5"}.
     */
    public static boolean isDecimal(String text) {
        return text != null && DECIMAL.matcher(text).matches();
    }

    /** True for {@code CREDITS} or a currency code ISO 4217 knows. */
    public static boolean isValidUnit(String unit) {
        if (unit == null || !CURRENCY.matcher(unit).matches()) {
            return false;
        }
        if (CREDITS.equals(unit)) {
            return true;
        }
        try {
            Currency.getInstance(unit);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Money plus(Money other) {
        return new Money(amount.add(sameUnit(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(sameUnit(other).amount), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /** Plain decimal text with trailing zeros removed (at least 0 fraction digits). */
    public String amountText() {
        return plain(amount);
    }

    /**
     * Plain text without exponent or trailing zeros, as sent on the wire: {@code "0.000003"},
     * {@code "1500000000"}, {@code "0"}.
     */
    public static String plain(BigDecimal value) {
        return canonical(value).toPlainString();
    }

    /**
     * The one canonical form of an exact decimal (amounts and rates alike): trailing zeros stripped,
     * never a negative scale, so that equal values are {@code equals} ("1.50" = "1.5", "3e-06" =
     * "0.0000030"); null stays null.
     */
    public static BigDecimal canonical(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(sameUnit(other).amount);
    }

    private Money sameUnit(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("unit mismatch: " + currency + " vs " + other.currency);
        }
        return other;
    }

    @Override
    public String toString() {
        return amountText() + " " + currency;
    }
}
