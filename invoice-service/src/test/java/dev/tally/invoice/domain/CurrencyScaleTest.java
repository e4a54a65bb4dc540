package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.money.Money;
import org.junit.jupiter.api.Test;

class CurrencyScaleTest {

    private static String scaled(String amount, String currency) {
        return CurrencyScale.scaled(Money.of(amount, currency)).toPlainString();
    }

    private static String rounded(String amount, String currency) {
        return CurrencyScale.rounded(Money.of(amount, currency)).amount().toPlainString();
    }

    @Test
    void theScaleIsTheCurrencysMinorUnit() {
        assertThat(CurrencyScale.digits("USD")).isEqualTo(2);
        assertThat(CurrencyScale.digits("EUR")).isEqualTo(2);
        assertThat(CurrencyScale.digits("JPY")).isZero();
        assertThat(CurrencyScale.digits("BHD")).isEqualTo(3);
        assertThat(CurrencyScale.digits("XAU")).isZero(); // no minor unit (Currency says -1)
        assertThat(CurrencyScale.digits(Money.CREDITS)).isZero();
    }

    @Test
    void roundsHalfUpToTheMinorUnit() {
        assertThat(rounded("0.915", "USD")).isEqualTo("0.92"); // 30.5 blocks × 0.03: the 5 rounds up
        assertThat(rounded("0.125", "USD")).isEqualTo("0.13"); // a tie goes away from zero
        assertThat(rounded("0.124999", "USD")).isEqualTo("0.12");
        assertThat(rounded("-0.125", "USD")).isEqualTo("-0.13");
        assertThat(rounded("50.5", "USD")).isEqualTo("50.50"); // already at the scale: only the zero added
        assertThat(rounded("1234.5", "JPY")).isEqualTo("1235");
        assertThat(rounded("2.469", "BHD")).isEqualTo("2.469");
        assertThat(rounded("2.4695", "BHD")).isEqualTo("2.470");
    }

    @Test
    void anAmountAtTheScaleIsWrittenWithExactlyItsDigits() {
        assertThat(scaled("50.5", "USD")).isEqualTo("50.50");
        assertThat(scaled("20", "USD")).isEqualTo("20.00");
        assertThat(scaled("0", "USD")).isEqualTo("0.00");
        assertThat(scaled("-6", "USD")).isEqualTo("-6.00");
        assertThat(scaled("0.920", "EUR")).isEqualTo("0.92"); // trailing zeros beyond the scale dropped
        assertThat(scaled("1235", "JPY")).isEqualTo("1235");
        assertThat(scaled("1200", "JPY")).isEqualTo("1200"); // never "1.2E+3"
        assertThat(scaled("1.5", "BHD")).isEqualTo("1.500");
    }

    @Test
    void aFullPrecisionFigureKeepsEveryDigit() {
        assertThat(scaled("0.0025", "USD")).isEqualTo("0.0025");
        assertThat(scaled("0.03", "USD")).isEqualTo("0.03");
        assertThat(scaled("0.000003", "USD")).isEqualTo("0.000003");
        assertThat(scaled("0.5", "JPY")).isEqualTo("0.5");
    }

    @Test
    void anAmountFitsWhenItHasNoMoreDigitsThanTheMinorUnit() {
        assertThat(CurrencyScale.fits(Money.of("10.50", "USD"))).isTrue();
        assertThat(CurrencyScale.fits(Money.of("10.500", "USD"))).isTrue(); // 10.5: the zeros say nothing
        assertThat(CurrencyScale.fits(Money.of("10.505", "USD"))).isFalse();
        assertThat(CurrencyScale.fits(Money.of("1000", "JPY"))).isTrue();
        assertThat(CurrencyScale.fits(Money.of("1000.5", "JPY"))).isFalse();
        assertThat(CurrencyScale.fits(Money.of("1.005", "BHD"))).isTrue();
    }
}
