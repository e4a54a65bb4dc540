package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;
import java.util.List;

/** Sums of invoice lines: the total is the sum of the already rounded line amounts, never rounded again. */
public final class InvoiceLines {

    private InvoiceLines() {}

    public static Money total(String currency, List<InvoiceLine> lines) {
        Money total = Money.zero(currency);
        for (InvoiceLine line : lines) {
            total = total.plus(line.amount());
        }
        return total;
    }
}
