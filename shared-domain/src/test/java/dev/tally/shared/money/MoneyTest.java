package dev.tally.shared.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @Test
    void keepsFullPrecisionThroughArithmetic() {
        // 0.1 + 0.2 is exactly 0.3 in decimal, unlike binary floating point
        Money sum = Money.of("0.1", "USD").plus(Money.of("0.2", "USD"));
        assertThat(sum.amountText()).isEqualTo("0.3");
        // 3e-06 per token x 2,000 tokens = 0.006
        assertThat(Money.of("0.000003", "USD").times(BigDecimal.valueOf(2000)).amountText())
                .isEqualTo("0.006");
    }

    @Test
    void rejectsMixedUnitsAndMalformedText() {
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.isDecimal("1e-7")).isFalse();
        assertThat(Money.isDecimal("1,000")).isFalse();
        assertThat(Money.isDecimal("NaN")).isFalse();
        assertThat(Money.isDecimal("-12.50")).isTrue();
        assertThatThrownBy(() -> Money.of(" 5", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.isValidUnit("CREDITS")).isTrue();
        assertThat(Money.isValidUnit("usd")).isFalse();
        assertThat(Money.isValidUnit("XYZ")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0",
                "5",
                "-5",
                "12.50",
                "0.000003",
                "-0.5",
                "123456789012345678901234567890",
                "0.123456789012345678901234567890",
                "123456789012345678901234567890.123456789012345678901234567890"
            })
    void acceptsStrictDecimalText(String text) {
        assertThat(Money.isDecimal(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " 5",
                "5 ",
                "\t5",
                "5\n",
                "+5",
                "--5",
                "- 5",
                "1e3",
                "1E3",
                "1,000",
                "1_000",
                "5.",
                ".5",
                "0x10",
                "NaN",
                "Infinity",
                "\u0665",
                "\uFF15",
                "1.2.3",
                "1234567890123456789012345678901",
                "0.1234567890123456789012345678901"
            })
    void refusesEverythingElse(String text) {
        // whitespace, plus sign, exponent, grouping, a bare point, non-ASCII digits, more than 30 digits
        assertThat(Money.isDecimal(text)).isFalse();
    }
}
