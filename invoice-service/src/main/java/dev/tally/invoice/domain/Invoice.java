package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An invoice with its lines. Lifecycle ({@link InvoiceStatus}): a DRAFT gets its lines (the total
 * is their sum, {@link InvoiceLines}); FINALIZED takes the next number and freezes it; then PAID,
 * or VOID (a FINALIZED invoice keeps its number and is cancelled by a credit note: its lines
 * negated). Each change is a method returning the invoice after it; the store writes what it returns.
 *
 * @param invoiceNumber     null until FINALIZED
 * @param subscriptionId    null for none
 * @param period            PERIOD invoices: the period billed in advance (or, at the end, the one that ended)
 * @param closesPeriodIndex PERIOD invoices: the period it closes, -1 for the opening invoice
 * @param complete          false while the period it closes is still open (its lines come when it closes)
 * @param plan              the plan version it bills, null for none
 */
public record Invoice(
        String invoiceId,
        String invoiceNumber,
        String customerId,
        String subscriptionId,
        InvoiceKind kind,
        InvoiceStatus status,
        Period period,
        Integer closesPeriodIndex,
        boolean complete,
        PlanRef plan,
        String currency,
        Money subtotal,
        Money total,
        Instant createTime,
        Instant finalizeTime,
        Instant payTime,
        Instant voidTime,
        String paymentReference,
        String voidReason,
        String creditedInvoiceId,
        String creditNoteInvoiceId,
        List<InvoiceLine> lines) {

    public Invoice {
        lines = List.copyOf(lines);
    }

    /** A new DRAFT without lines; complete at once unless it closes a period. */
    public static Invoice draft(
            String invoiceId,
            String customerId,
            String subscriptionId,
            InvoiceKind kind,
            String currency,
            Instant now) {
        Money zero = Money.zero(currency);
        return new Invoice(
                invoiceId,
                null,
                customerId,
                subscriptionId,
                kind,
                InvoiceStatus.DRAFT,
                null,
                null,
                kind != InvoiceKind.PERIOD,
                null,
                currency,
                zero,
                zero,
                now,
                null,
                null,
                null,
                "",
                "",
                null,
                null,
                List.of());
    }

    /** What a PERIOD invoice bills: the period it closes (-1: none, the opening invoice), the period and plan billed. */
    public Invoice forPeriod(int closesPeriodIndex, Period period, PlanRef plan, boolean complete) {
        return billing(period, closesPeriodIndex, complete, plan, lines);
    }

    /** The plan version it bills (a purchase: the plan in force when it was bought). */
    public Invoice forPlan(PlanRef plan) {
        return billing(period, closesPeriodIndex, complete, plan, lines);
    }

    /** A DRAFT with these lines; subtotal and total are their sum. */
    public Invoice withLines(List<InvoiceLine> lines) {
        return billing(period, closesPeriodIndex, complete, plan, lines);
    }

    /** DRAFT → FINALIZED with its number ({@link InvoiceNumbers}). */
    public Invoice finalized(String number, Instant now) {
        return moving(
                InvoiceStatus.FINALIZED,
                number,
                now,
                payTime,
                voidTime,
                paymentReference,
                voidReason,
                creditNoteInvoiceId);
    }

    /** → VOID; {@code creditNoteId} names the credit note of a FINALIZED invoice (null for a DRAFT). */
    public Invoice voided(Instant now, String reason, String creditNoteId) {
        return moving(
                InvoiceStatus.VOID, invoiceNumber, finalizeTime, payTime, now, paymentReference, reason, creditNoteId);
    }

    /** FINALIZED → PAID. */
    public Invoice paid(Instant at, String reference) {
        return moving(
                InvoiceStatus.PAID,
                invoiceNumber,
                finalizeTime,
                at,
                voidTime,
                reference,
                voidReason,
                creditNoteInvoiceId);
    }

    /** The DRAFT credit note {@code noteId} cancelling this voided invoice: its lines negated. */
    public Invoice creditNote(String noteId, Instant now) {
        Money zero = Money.zero(currency);
        return new Invoice(
                        noteId,
                        null,
                        customerId,
                        subscriptionId,
                        InvoiceKind.CREDIT_NOTE,
                        InvoiceStatus.DRAFT,
                        null,
                        null,
                        true,
                        plan,
                        currency,
                        zero,
                        zero,
                        now,
                        null,
                        null,
                        null,
                        "",
                        "",
                        invoiceId,
                        null,
                        List.of())
                .withLines(lines.stream().map(InvoiceLine::negated).toList());
    }

    /** Refuses (INVALID_STATE) to finalize anything but a complete DRAFT. */
    public void requireFinalizable() {
        if (!status.canFinalize()) {
            throw invalidState("only a DRAFT can be finalized");
        }
        requireComplete();
    }

    /** Refuses (INVALID_STATE) to void a credit note, or anything but a complete DRAFT or FINALIZED invoice. */
    public void requireVoidable() {
        if (kind == InvoiceKind.CREDIT_NOTE || !status.canVoid()) {
            throw invalidState("only a DRAFT or FINALIZED invoice (not a credit note) can be voided");
        }
        requireComplete();
    }

    /** Refuses (INVALID_STATE) to mark anything but a FINALIZED invoice paid. */
    public void requirePayable() {
        if (!status.canPay()) {
            throw invalidState("only a FINALIZED invoice can be paid");
        }
    }

    private void requireComplete() {
        if (!complete) {
            throw new TallyException(
                    Reason.INVALID_STATE,
                    "invoice " + invoiceId
                            + " closes a period that is still open or in its grace window; it is completed and finalized"
                            + " when the period closes");
        }
    }

    /** The same invoice billing this (its total: the sum of the lines). */
    private Invoice billing(
            Period period, Integer closesPeriodIndex, boolean complete, PlanRef plan, List<InvoiceLine> lines) {
        Money sum = InvoiceLines.total(currency, lines);
        return new Invoice(
                invoiceId,
                invoiceNumber,
                customerId,
                subscriptionId,
                kind,
                status,
                period,
                closesPeriodIndex,
                complete,
                plan,
                currency,
                sum,
                sum,
                createTime,
                finalizeTime,
                payTime,
                voidTime,
                paymentReference,
                voidReason,
                creditedInvoiceId,
                creditNoteInvoiceId,
                lines);
    }

    /** The same invoice further in its lifecycle. */
    private Invoice moving(
            InvoiceStatus status,
            String invoiceNumber,
            Instant finalizeTime,
            Instant payTime,
            Instant voidTime,
            String paymentReference,
            String voidReason,
            String creditNoteInvoiceId) {
        return new Invoice(
                invoiceId,
                invoiceNumber,
                customerId,
                subscriptionId,
                kind,
                status,
                period,
                closesPeriodIndex,
                complete,
                plan,
                currency,
                subtotal,
                total,
                createTime,
                finalizeTime,
                payTime,
                voidTime,
                paymentReference,
                voidReason,
                creditedInvoiceId,
                creditNoteInvoiceId,
                lines);
    }

    private TallyException invalidState(String rule) {
        return new TallyException(
                Reason.INVALID_STATE,
                "invoice " + invoiceId + " is " + (kind == InvoiceKind.CREDIT_NOTE ? "a credit note, " : "") + status
                        + ": " + rule,
                Map.of("invoice_id", invoiceId, "status", status.name()),
                List.of());
    }
}
