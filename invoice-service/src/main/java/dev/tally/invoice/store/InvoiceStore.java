package dev.tally.invoice.store;

import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.PlanRef;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Invoices with their lines ({@code invoice}, {@code invoice_line}). Lines are written while the
 * invoice is a DRAFT ({@link #insert}, {@link #rewrite}) and flushed before it is finalized: the
 * database refuses line changes of a finalized invoice and checks its total against its lines;
 * {@link #update} writes its lifecycle only. The year's number counter ({@link #nextNumber}) is
 * taken in the finalizing transaction.
 */
@ApplicationScoped
public class InvoiceStore extends EntityStore<Invoice, InvoiceEntity> {

    private static final String NEXT_NUMBER = "INSERT INTO invoice_number_counter (year, last_number) VALUES (?1, 1)"
            + " ON CONFLICT (year) DO UPDATE SET last_number = invoice_number_counter.last_number + 1"
            + " RETURNING last_number";

    InvoiceStore() {
        super(InvoiceEntity.class);
    }

    /** A new invoice with its lines, flushed. */
    @Override
    public Uni<Void> insert(Invoice invoice) {
        return super.insert(invoice).chain(() -> NativeSql.session().flatMap(session -> session.flush()));
    }

    /** A DRAFT's new lines, totals and what it bills (its period, plan, completeness), flushed. */
    public Uni<Void> rewrite(Invoice draft) {
        return entity(draft.invoiceId())
                .invoke(row -> copyBilled(draft, row))
                .chain(() -> NativeSql.session().flatMap(session -> session.flush()));
    }

    /**
     * The next invoice number of a year: the year's counter row is incremented (and locked until
     * commit), so numbers are gap-free whichever replica finalizes and whatever rolls back (a
     * rolled-back finalization rolls its increment back too).
     */
    public Uni<Long> nextNumber(int year) {
        return NativeSql.value(NEXT_NUMBER, Long.class, year);
    }

    /**
     * Newest first, filtered (null: any), after the invoice {@code afterId} (null: from the newest).
     * {@code period}: invoices with a line whose service period [start, end) overlaps it.
     */
    public Uni<List<Invoice>> page(
            String customerId,
            String subscriptionId,
            InvoiceStatus status,
            InvoiceKind kind,
            Period period,
            String afterId,
            int limit) {
        NewestFirst<InvoiceEntity> query = new NewestFirst<>(InvoiceEntity.class, "invoiceId")
                .whereSet("e.customerId = :customer", "customer", customerId)
                .whereSet("e.subscriptionId = :subscription", "subscription", subscriptionId)
                .whereSet("e.status = :status", "status", status)
                .whereSet("e.kind = :kind", "kind", kind);
        if (period != null) {
            query.where(
                    "exists (select 1 from e.lines l where l.serviceStart < :periodEnd and l.serviceEnd > :periodStart)",
                    Map.of("periodStart", period.start(), "periodEnd", period.end()));
        }
        return query.after(afterId, limit)
                .map(rows -> rows.stream().map(this::value).toList());
    }

    @Override
    InvoiceEntity row(Invoice invoice) {
        InvoiceEntity row = new InvoiceEntity();
        row.invoiceId = invoice.invoiceId();
        row.customerId = invoice.customerId();
        row.subscriptionId = invoice.subscriptionId();
        row.kind = invoice.kind();
        row.currencyCode = invoice.currency();
        row.createTime = invoice.createTime();
        row.creditedInvoiceId = invoice.creditedInvoiceId();
        copyBilled(invoice, row);
        copy(invoice, row);
        return row;
    }

    @Override
    Object id(Invoice invoice) {
        return invoice.invoiceId();
    }

    /** What a DRAFT bills: its period, plan, completeness, lines and totals. */
    private static void copyBilled(Invoice invoice, InvoiceEntity row) {
        row.periodStart = invoice.period() == null ? null : invoice.period().start();
        row.periodEnd = invoice.period() == null ? null : invoice.period().end();
        row.closesPeriodIndex = invoice.closesPeriodIndex();
        row.complete = invoice.complete();
        row.planVersionId = invoice.plan() == null ? null : invoice.plan().id();
        row.subtotal = invoice.subtotal().amount();
        row.total = invoice.total().amount();
        row.lines.clear();
        invoice.lines().forEach(line -> row.lines.add(lineRow(line)));
    }

    /**
     * What {@link #update} writes: its lifecycle (status, number, times, references), never its lines
     * (the database refuses line changes once it is finalized).
     */
    @Override
    void copy(Invoice invoice, InvoiceEntity row) {
        row.status = invoice.status();
        row.invoiceNumber = invoice.invoiceNumber();
        row.finalizeTime = invoice.finalizeTime();
        row.payTime = invoice.payTime();
        row.voidTime = invoice.voidTime();
        row.paymentReference = invoice.paymentReference();
        row.voidReason = invoice.voidReason();
        row.creditNoteInvoiceId = invoice.creditNoteInvoiceId();
    }

    private static LineRow lineRow(InvoiceLine line) {
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
        return row;
    }

    @Override
    Invoice value(InvoiceEntity row) {
        String currency = row.currencyCode;
        List<InvoiceLine> lines = row.lines.stream()
                .map(line -> new InvoiceLine(
                        line.lineType,
                        line.description,
                        line.featureCode,
                        Money.canonical(line.quantity),
                        money(line.unitPrice, currency),
                        money(line.amount, currency),
                        line.usageUnits == null ? null : Money.canonical(line.usageUnits),
                        line.creditPackCode,
                        line.serviceStart == null ? null : new Period(line.serviceStart, line.serviceEnd)))
                .toList();
        return new Invoice(
                row.invoiceId,
                row.invoiceNumber,
                row.customerId,
                row.subscriptionId,
                row.kind,
                row.status,
                row.periodStart == null ? null : new Period(row.periodStart, row.periodEnd),
                row.closesPeriodIndex,
                row.complete,
                row.planVersionId == null ? null : PlanRef.of(row.planVersionId),
                currency,
                new Money(row.subtotal, currency),
                new Money(row.total, currency),
                row.createTime,
                row.finalizeTime,
                row.payTime,
                row.voidTime,
                row.paymentReference,
                row.voidReason,
                row.creditedInvoiceId,
                row.creditNoteInvoiceId,
                lines);
    }

    private static Money money(java.math.BigDecimal amount, String currency) {
        return new Money(Money.canonical(amount), currency);
    }
}
