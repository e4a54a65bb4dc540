package dev.tally.support.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.money.Money;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

    @Test
    void parsesByValue() {
        Violations v = new Violations();
        // "1.50" and "1.5" are one value; "1000" keeps its digits (no exponent form 1E+3)
        assertThat(Decimals.required(v, "margin", "1.50")).isEqualTo(Decimals.required(v, "margin", "1.5"));
        assertThat(Decimals.text(Decimals.required(v, "x", "1000"))).isEqualTo("1000");
        assertThat(Decimals.text(new BigDecimal("3E-6"))).isEqualTo("0.000003");
        assertThat(v.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {" 5", "+5", "5 ", "1e3", "1,000", "5.", ".5", "NaN"})
    void lenientFormsAreViolationsNamingTheFieldPath(String text) {
        Violations v = new Violations();
        assertThat(Decimals.required(v, "items[2].amount.amount", text)).isNull();
        assertThat(v.list()).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("items[2].amount.amount");
            assertThat(violation.description()).startsWith("must be a decimal such as 12.5");
        });
    }

    @Test
    void signRules() {
        Violations v = new Violations();
        assertThat(Decimals.positive(v, "value", "0")).isNull();
        assertThat(Decimals.nonNegative(v, "rate", "-0.1")).isNull();
        assertThat(Decimals.nonNegative(v, "rate", "")).isNull();
        assertThat(Decimals.optional(v, "rate", "")).isNull();
        assertThat(Decimals.required(v, "units", "")).isNull();
        assertThat(v.list())
                .extracting(TallyException.FieldViolation::field, TallyException.FieldViolation::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("value", "must be greater than 0"),
                        org.assertj.core.groups.Tuple.tuple("rate", "must not be negative"),
                        org.assertj.core.groups.Tuple.tuple("units", "must be set"));
    }

    @Test
    void controlCharactersAreShownEscapedInTheViolation() {
        Violations v = new Violations();
        Decimals.required(v, "amount", "5\n");
        assertThat(v.list().get(0).description()).endsWith("got '5\\u000a'");
    }

    @Test
    void moneyViolationsNameTheSubField() {
        Violations v = new Violations();
        assertThat(ProtoMoney.positive(v, "amount", true, "+5", "usd")).isNull();
        assertThat(ProtoMoney.required(v, "threshold", false, "", "")).isNull();
        assertThat(ProtoMoney.positive(v, "debits[0].amount", true, "-1", "USD"))
                .isNull();
        assertThat(v.list())
                .extracting(TallyException.FieldViolation::field)
                .containsExactly("amount.amount", "amount.currency_code", "threshold", "debits[0].amount.amount");
        assertThat(ProtoMoney.positive(new Violations(), "amount", true, "12.50", "USD"))
                .isEqualTo(new Money(new BigDecimal("12.5"), "USD"));
    }
}
