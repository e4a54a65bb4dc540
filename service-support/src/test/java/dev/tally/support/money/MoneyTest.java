package dev.tally.support.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void keepsFullPrecisionThroughArithmetic() {
        // 0.1 + 0.2 is exactly 0.3 in decimal, unlike binary floating point
        Money sum = Money.of("0.1", "USD").plus(Money.of("0.2", "USD"));
        assertThat(sum.amountText()).isEqualTo("0.3");
        // 3e-06 per token x 2,000 tokens = 0.006
        assertThat(Money.of("0.000003", "USD").times(BigDecimal.valueOf(2000)).amountText()).isEqualTo("0.006");
    }

    @Test
    void roundsHalfUpToTheMinorUnitOnlyForInvoices() {
        assertThat(Money.of("0.125", "USD").roundedForInvoice().amountText()).isEqualTo("0.13");
        assertThat(Money.of("0.124999", "USD").roundedForInvoice().amountText()).isEqualTo("0.12");
        assertThat(Money.of("-0.125", "USD").roundedForInvoice().amountText()).isEqualTo("-0.13");
        assertThat(Money.of("100.5", "JPY").roundedForInvoice().amountText()).isEqualTo("101");
        assertThat(Money.of("2.5", "CREDITS").roundedForInvoice().amountText()).isEqualTo("3");
    }

    @Test
    void rejectsMixedUnitsAndMalformedText() {
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.isDecimal("1e-7")).isFalse();
        assertThat(Money.isDecimal("1,000")).isFalse();
        assertThat(Money.isDecimal("NaN")).isFalse();
        assertThat(Money.isDecimal("-12.50")).isTrue();
        assertThat(Money.isValidUnit("CREDITS")).isTrue();
        assertThat(Money.isValidUnit("usd")).isFalse();
        assertThat(Money.isValidUnit("XYZ")).isFalse();
    }
}
