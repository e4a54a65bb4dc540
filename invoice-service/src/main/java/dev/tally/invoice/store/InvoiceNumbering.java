package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The next invoice number of a year, taken in the finalizing transaction: the year's counter row is
 * incremented (and locked until commit), so numbers are gap-free whichever replica finalizes and
 * whatever rolls back (a rolled-back finalization rolls its increment back too).
 */
public final class InvoiceNumbering {

    private static final String NEXT = "INSERT INTO invoice_number_counter (year, last_number) VALUES (?1, 1)"
            + " ON CONFLICT (year) DO UPDATE SET last_number = invoice_number_counter.last_number + 1"
            + " RETURNING last_number";

    private InvoiceNumbering() {
    }

    public static Uni<Long> next(int year) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(NEXT, Long.class)
                .setParameter(1, year)
                .getSingleResult());
    }
}
