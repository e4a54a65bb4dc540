package dev.tally.invoice.app;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceNumbers;
import dev.tally.invoice.store.InvoiceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Writing invoices, in the caller's transaction: drafts with their lines, finalization with the next
 * gap-free number of the year, credit notes.
 */
@ApplicationScoped
public class InvoiceBook {

    private final InvoiceStore invoices;
    private final InvoiceConfig config;
    private final Clock clock;

    InvoiceBook(InvoiceStore invoices, InvoiceConfig config, Clock clock) {
        this.invoices = invoices;
        this.config = config;
        this.clock = clock;
    }

    /** Writes a new invoice with its lines. */
    public Uni<Invoice> write(Invoice draft) {
        return invoices.insert(draft).replaceWith(draft);
    }

    /** Rewrites a DRAFT's lines and what it bills. */
    public Uni<Invoice> rewrite(Invoice draft) {
        return invoices.rewrite(draft).replaceWith(draft);
    }

    /** DRAFT → FINALIZED: the next number of the current year, now. Its lines must be written already. */
    public Uni<Invoice> finalizeDraft(Invoice draft) {
        Instant now = clock.instant();
        int year = now.atZone(ZoneOffset.UTC).getYear();
        return invoices.nextNumber(year)
                .map(sequence -> draft.finalized(InvoiceNumbers.format(config.numberPrefix(), year, sequence), now))
                .call(invoices::update);
    }

    /** Writes and finalizes a new invoice. */
    public Uni<Invoice> issue(Invoice draft) {
        return write(draft).flatMap(this::finalizeDraft);
    }

    /** The FINALIZED credit note {@code creditNoteId} cancelling a voided FINALIZED invoice: its lines negated. */
    public Uni<Invoice> creditNote(Invoice voided, String creditNoteId) {
        return issue(voided.creditNote(creditNoteId, clock.instant()));
    }
}
