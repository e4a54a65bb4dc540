package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * The scale of money on invoices and plans: the currency's minor unit, its ISO 4217 exponent as
 * {@link Currency#getDefaultFractionDigits()} states it (2 for USD and EUR, 0 for JPY, 3 for BHD;
 * 0 for a unit without a minor unit, such as XAU or CREDITS). Two rules use it:
 * <ul>
 * <li>{@link #rounded}: the one rounding on an invoice, of each line's amount: HALF_UP (ties away from
 * zero) to the scale. 30.5 blocks × 0.03 USD = 0.915 → 0.92 USD; 1,234.5 JPY → 1,235 JPY; 2 × 1.2345
 * BHD = 2.469 BHD (three digits: nothing to round).</li>
 * <li>{@link #scaled}: how a figure is written on the wire: with at least the currency's scale, and
 * never fewer digits than its exact value needs. An amount already rounded comes out at exactly the
 * scale, so a client prints it as it is: 50.5 USD → "50.50", 20 → "20.00", 0 → "0.00", -6 → "-6.00";
 * 1235 JPY → "1235"; 1.5 BHD → "1.500". A full-precision figure keeps every digit: a unit price of
 * 0.0025 USD stays "0.0025", and 0.03 stays "0.03".</li>
 * </ul>
 * {@link #fits} says whether an amount is already at the scale (a top-up must be: it is granted and
 * invoiced as it is).
 */
public final class CurrencyScale {

    private CurrencyScale() {}

    /** The currency's minor-unit digits: 2 for USD, 0 for JPY, 3 for BHD; 0 for CREDITS and units without one. */
    public static int digits(String currency) {
        if (Money.CREDITS.equals(currency)) {
            return 0;
        }
        return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    }

    /** The amount rounded HALF_UP to the currency's minor unit: 0.915 USD → 0.92 USD. */
    public static Money rounded(Money money) {
        return new Money(money.amount().setScale(digits(money.currency()), RoundingMode.HALF_UP), money.currency());
    }

    /**
     * The amount with at least the currency's scale and no digit lost: 50.5 USD → 50.50, 0.0025 USD →
     * 0.0025, 1235 JPY → 1235. Equal in value to {@code money}.
     */
    public static BigDecimal scaled(Money money) {
        BigDecimal exact = Money.canonical(money.amount());
        return exact.setScale(Math.max(exact.scale(), digits(money.currency())));
    }

    /** True when the amount has no more fraction digits than the currency's minor unit: 10.50 USD yes, 10.505 USD no. */
    public static boolean fits(Money money) {
        return Money.canonical(money.amount()).scale() <= digits(money.currency());
    }
}
