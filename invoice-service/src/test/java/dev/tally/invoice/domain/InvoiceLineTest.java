package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceLineTest {

    private static InvoiceLine line(String quantity, String unitPrice, String currency) {
        return InvoiceLine.priced(
                LineType.OVERAGE, "x", "f", new BigDecimal(quantity), Money.of(unitPrice, currency), null, null, null);
    }

    @Test
    void eachLineIsRoundedOnceHalfUpToTheMinorUnit() {
        assertThat(line("30.5", "0.03", "USD").amount().amountText()).isEqualTo("0.92"); // 0.915 -> 0.92
        assertThat(line("1", "0.005", "USD").amount().amountText()).isEqualTo("0.01"); // a tie goes up
        assertThat(line("1", "0.00499", "USD").amount().amountText()).isEqualTo("0"); // below half: down
        assertThat(line("3", "33.333", "EUR").amount().amountText()).isEqualTo("100"); // 99.999 -> 100.00
        assertThat(line("1", "150.5", "JPY").amount().amountText()).isEqualTo("151"); // JPY has no minor unit
        assertThat(line("2", "1.2345", "BHD").amount().amountText()).isEqualTo("2.469"); // BHD has three
    }

    @Test
    void theTotalAddsRoundedLinesAndIsNotRoundedAgain() {
        // three lines of 0.915 each: 0.92 + 0.92 + 0.92 = 2.76, not round(2.745) = 2.75
        List<InvoiceLine> lines =
                List.of(line("30.5", "0.03", "USD"), line("30.5", "0.03", "USD"), line("30.5", "0.03", "USD"));
        assertThat(InvoiceLines.total("USD", lines).amountText()).isEqualTo("2.76");
        assertThat(InvoiceLines.total("USD", List.of()).isZero()).isTrue();
    }

    @Test
    void aCreditNoteLineNegatesQuantityAndAmountExactly() {
        InvoiceLine line = line("30.5", "0.03", "USD");
        InvoiceLine negated = line.negated();
        assertThat(negated.amount().amountText()).isEqualTo("-0.92");
        assertThat(negated.quantity()).isEqualByComparingTo("-30.5");
        assertThat(negated.unitPrice()).isEqualTo(line.unitPrice());
    }
}
