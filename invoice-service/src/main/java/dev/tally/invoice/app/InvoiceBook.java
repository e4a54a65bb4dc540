package dev.tally.invoice.app;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceLines;
import dev.tally.invoice.domain.InvoiceNumbers;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.shared.plan.Period;
import dev.tally.invoice.store.InvoiceEntity;
import dev.tally.invoice.store.InvoiceNumbering;
import dev.tally.invoice.store.InvoiceRepository;
import dev.tally.invoice.store.LineRow;
import dev.tally.shared.money.Money;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writing invoices, in the caller's transaction: drafts with their lines, finalization with the next
 * gap-free number of the year, credit notes. Lines are written while the invoice is a DRAFT and
 * flushed before it is finalized (the database refuses line changes of a finalized invoice and
 * checks its total against its lines).
 */
@ApplicationScoped
public class InvoiceBook {

    private final InvoiceRepository invoices;
    private final InvoiceConfig config;
    private final Clock clock;

    InvoiceBook(InvoiceRepository invoices, InvoiceConfig config, Clock clock) {
        this.invoices = invoices;
        this.config = config;
        this.clock = clock;
    }

    /** A new DRAFT header (no lines yet). */
    public InvoiceEntity header(String invoiceId, String customerId, String subscriptionId, InvoiceKind kind,
                                String currency, Instant now) {
        InvoiceEntity invoice = new InvoiceEntity();
        invoice.invoiceId = invoiceId;
        invoice.customerId = customerId;
        invoice.subscriptionId = subscriptionId;
        invoice.kind = kind;
        invoice.status = InvoiceStatus.DRAFT;
        invoice.currencyCode = currency;
        invoice.complete = kind != InvoiceKind.PERIOD;
        invoice.subtotal = java.math.BigDecimal.ZERO;
        invoice.total = java.math.BigDecimal.ZERO;
        invoice.createTime = now;
        return invoice;
    }

    /** Persists a new invoice with these lines and flushes it. */
    public Uni<InvoiceEntity> write(InvoiceEntity invoice, List<InvoiceLine> lines) {
        setLines(invoice, lines);
        return invoices.persist(invoice).call(invoices::flush);
    }

    /** Replaces the lines of a DRAFT (and its totals) and flushes. */
    public Uni<InvoiceEntity> rewrite(InvoiceEntity draft, List<InvoiceLine> lines) {
        setLines(draft, lines);
        return invoices.flush().replaceWith(draft);
    }

    /** DRAFT → FINALIZED: the next number of the current year, now. Lines must be flushed already. */
    public Uni<InvoiceEntity> finalizeDraft(InvoiceEntity draft) {
        Instant now = clock.instant();
        int year = now.atZone(ZoneOffset.UTC).getYear();
        return InvoiceNumbering.next(year).map(sequence -> {
            draft.invoiceNumber = InvoiceNumbers.format(config.numberPrefix(), year, sequence);
            draft.status = InvoiceStatus.FINALIZED;
            draft.finalizeTime = now;
            return draft;
        }).call(invoices::flush);
    }

    /** Writes and finalizes a new invoice. */
    public Uni<InvoiceEntity> issue(InvoiceEntity invoice, List<InvoiceLine> lines) {
        return write(invoice, lines).flatMap(this::finalizeDraft);
    }

    /** The FINALIZED credit note cancelling a voided FINALIZED invoice: its lines negated. */
    public Uni<InvoiceEntity> creditNote(InvoiceEntity voided, String creditNoteId) {
        InvoiceEntity note = header(creditNoteId, voided.customerId, voided.subscriptionId, InvoiceKind.CREDIT_NOTE,
                voided.currencyCode, clock.instant());
        note.creditedInvoiceId = voided.invoiceId;
        note.planVersionId = voided.planVersionId;
        return issue(note, lines(voided).stream().map(InvoiceLine::negated).toList());
    }

    /** The lines of an invoice as the domain sees them. */
    public static List<InvoiceLine> lines(InvoiceEntity invoice) {
        return invoice.lines.stream().map(row -> new InvoiceLine(row.lineType, row.description, row.featureCode,
                Money.canonical(row.quantity), new Money(Money.canonical(row.unitPrice), invoice.currencyCode),
                new Money(Money.canonical(row.amount), invoice.currencyCode),
                row.usageUnits == null ? null : Money.canonical(row.usageUnits), row.creditPackCode,
                row.serviceStart == null ? null : new Period(row.serviceStart, row.serviceEnd))).toList();
    }

    private static void setLines(InvoiceEntity invoice, List<InvoiceLine> lines) {
        invoice.lines.clear();
        for (InvoiceLine line : lines) {
            LineRow row = new LineRow();
            row.lineType = line.type();
            row.description = line.description();
            row.featureCode = line.featureCode();
            row.quantity = line.quantity();
            row.unitPrice = line.unitPrice().amount();
            row.amount = line.amount().amount();
            row.usageUnits = line.usageUnits();
            row.creditPackCode = line.creditPackCode();
            if (line.servicePeriod() != null) {
                row.serviceStart = line.servicePeriod().start();
                row.serviceEnd = line.servicePeriod().end();
            }
            invoice.lines.add(row);
        }
        Money total = InvoiceLines.total(invoice.currencyCode, lines);
        invoice.subtotal = total.amount();
        invoice.total = total.amount();
    }
}
