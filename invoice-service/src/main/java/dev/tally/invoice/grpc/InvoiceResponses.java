package dev.tally.invoice.grpc;

import dev.tally.invoice.app.InvoiceBook;
import dev.tally.invoice.app.Invoices;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceLines;
import dev.tally.invoice.store.InvoiceEntity;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceLine.Builder;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.shared.money.Money;
import dev.tally.support.proto.ProtoTime;

import java.util.List;

/** Invoices to {@code tally.invoice.v1.Invoice}. */
public final class InvoiceResponses {

    private InvoiceResponses() {
    }

    public static Invoice invoice(InvoiceEntity row) {
        Invoice.Builder invoice = Invoice.newBuilder()
                .setInvoiceId(row.invoiceId)
                .setInvoiceNumber(row.invoiceNumber == null ? "" : row.invoiceNumber)
                .setCustomerId(row.customerId)
                .setSubscriptionId(row.subscriptionId == null ? "" : row.subscriptionId)
                .setKind(Enums.invoiceKind(row.kind))
                .setStatus(Enums.invoiceStatus(row.status))
                .setCurrencyCode(row.currencyCode)
                .setSubtotal(Protos.money(row.subtotal, row.currencyCode))
                .setTotal(Protos.money(row.total, row.currencyCode))
                .setCreateTime(ProtoTime.timestamp(row.createTime))
                .setPaymentReference(row.paymentReference)
                .setVoidReason(row.voidReason)
                .setCreditedInvoiceId(row.creditedInvoiceId == null ? "" : row.creditedInvoiceId)
                .setCreditNoteInvoiceId(row.creditNoteInvoiceId == null ? "" : row.creditNoteInvoiceId);
        if (row.periodStart != null && row.kind == dev.tally.invoice.domain.InvoiceKind.PERIOD) {
            invoice.setPeriod(Protos.range(row.periodStart, row.periodEnd));
        }
        if (row.planVersionId != null && row.kind == dev.tally.invoice.domain.InvoiceKind.PERIOD) {
            invoice.setPlanId(SubscriptionResponses.planId(row.planVersionId))
                    .setPlanVersion(SubscriptionResponses.version(row.planVersionId));
        }
        if (row.finalizeTime != null) {
            invoice.setFinalizeTime(ProtoTime.timestamp(row.finalizeTime));
        }
        if (row.payTime != null) {
            invoice.setPayTime(ProtoTime.timestamp(row.payTime));
        }
        if (row.voidTime != null) {
            invoice.setVoidTime(ProtoTime.timestamp(row.voidTime));
        }
        InvoiceBook.lines(row).forEach(line -> invoice.addLines(line(line)));
        return invoice.build();
    }

    /** The GetUpcomingInvoice preview: a DRAFT without id or number. */
    static Invoice preview(Invoices.Preview preview) {
        Money total = InvoiceLines.total(preview.plan().currency(), preview.lines());
        Invoice.Builder invoice = Invoice.newBuilder()
                .setCustomerId(preview.customerId())
                .setSubscriptionId(preview.subscriptionId())
                .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                .setStatus(InvoiceStatus.INVOICE_STATUS_DRAFT)
                .setPeriod(Protos.range(preview.period()))
                .setPlanId(preview.plan().planId())
                .setPlanVersion(preview.plan().version())
                .setCurrencyCode(preview.plan().currency())
                .setSubtotal(Protos.money(total))
                .setTotal(Protos.money(total))
                .setCreateTime(ProtoTime.timestamp(preview.readTime()));
        preview.lines().forEach(line -> invoice.addLines(line(line)));
        return invoice.build();
    }

    static List<Invoice> invoices(List<InvoiceEntity> rows) {
        return rows.stream().map(InvoiceResponses::invoice).toList();
    }

    private static dev.tally.invoice.v1.InvoiceLine line(InvoiceLine line) {
        Builder out = dev.tally.invoice.v1.InvoiceLine.newBuilder()
                .setLineType(Enums.lineType(line.type()))
                .setDescription(line.description())
                .setFeatureCode(line.featureCode() == null ? "" : line.featureCode())
                .setQuantity(Protos.decimal(line.quantity()))
                .setUnitPrice(Protos.money(line.unitPrice()))
                .setAmount(Protos.money(line.amount()))
                .setUsageUnits(Protos.decimal(line.usageUnits()))
                .setCreditPackCode(line.creditPackCode() == null ? "" : line.creditPackCode());
        if (line.servicePeriod() != null) {
            out.setServicePeriod(Protos.range(line.servicePeriod()));
        }
        return out.build();
    }
}
