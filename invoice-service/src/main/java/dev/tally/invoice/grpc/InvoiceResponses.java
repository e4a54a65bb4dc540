package dev.tally.invoice.grpc;

import dev.tally.invoice.app.Invoices;
import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceLine;
import dev.tally.invoice.domain.InvoiceLines;
import dev.tally.invoice.v1.FinalizeInvoiceResponse;
import dev.tally.invoice.v1.GetInvoiceResponse;
import dev.tally.invoice.v1.GetUpcomingInvoiceResponse;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.ListInvoicesResponse;
import dev.tally.invoice.v1.MarkInvoicePaidResponse;
import dev.tally.invoice.v1.VoidInvoiceResponse;
import dev.tally.shared.money.Money;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.util.List;

/** Invoices to {@code tally.invoice.v1.Invoice} and the invoice responses. */
final class InvoiceResponses {

    static final Replies<FinalizeInvoiceResponse> FINALIZE = Replies.of(
            FinalizeInvoiceResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<VoidInvoiceResponse> VOID = Replies.of(
            VoidInvoiceResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<MarkInvoicePaidResponse> MARK_PAID = Replies.of(
            MarkInvoicePaidResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private InvoiceResponses() {}

    static FinalizeInvoiceResponse finalized(Invoice invoice) {
        return FinalizeInvoiceResponse.newBuilder().setInvoice(invoice(invoice)).build();
    }

    static VoidInvoiceResponse voided(Invoices.Voided voided) {
        VoidInvoiceResponse.Builder response = VoidInvoiceResponse.newBuilder().setInvoice(invoice(voided.invoice()));
        if (voided.creditNote() != null) {
            response.setCreditNote(invoice(voided.creditNote()));
        }
        return response.build();
    }

    static MarkInvoicePaidResponse paid(Invoice invoice) {
        return MarkInvoicePaidResponse.newBuilder().setInvoice(invoice(invoice)).build();
    }

    static GetInvoiceResponse got(Invoice invoice) {
        return GetInvoiceResponse.newBuilder().setInvoice(invoice(invoice)).build();
    }

    static ListInvoicesResponse list(List<Invoice> found, Pages.Listing<?> listing) {
        Paging.Page<Invoice> page = listing.page(found, Invoice::invoiceId);
        return ListInvoicesResponse.newBuilder()
                .addAllInvoices(
                        page.items().stream().map(InvoiceResponses::invoice).toList())
                .setNextPageToken(page.nextPageToken())
                .build();
    }

    /** The GetUpcomingInvoice preview: a DRAFT without id or number. */
    static GetUpcomingInvoiceResponse upcoming(Invoices.Preview preview) {
        Money total = InvoiceLines.total(preview.plan().currency(), preview.lines());
        dev.tally.invoice.v1.Invoice.Builder invoice = dev.tally.invoice.v1.Invoice.newBuilder()
                .setCustomerId(preview.customerId())
                .setSubscriptionId(preview.subscriptionId())
                .setKind(dev.tally.invoice.v1.InvoiceKind.INVOICE_KIND_PERIOD)
                .setStatus(InvoiceStatus.INVOICE_STATUS_DRAFT)
                .setPeriod(Protos.range(preview.period()))
                .setPlanId(preview.plan().planId())
                .setPlanVersion(preview.plan().version())
                .setCurrencyCode(preview.plan().currency())
                .setSubtotal(Protos.scaledMoney(total))
                .setTotal(Protos.scaledMoney(total))
                .setCreateTime(ProtoTime.timestamp(preview.readTime()));
        preview.lines().forEach(line -> invoice.addLines(line(line)));
        return GetUpcomingInvoiceResponse.newBuilder()
                .setInvoice(invoice)
                .setReadTime(ProtoTime.timestamp(preview.readTime()))
                .build();
    }

    static dev.tally.invoice.v1.Invoice invoice(Invoice i) {
        dev.tally.invoice.v1.Invoice.Builder invoice = dev.tally.invoice.v1.Invoice.newBuilder()
                .setInvoiceId(i.invoiceId())
                .setInvoiceNumber(i.invoiceNumber() == null ? "" : i.invoiceNumber())
                .setCustomerId(i.customerId())
                .setSubscriptionId(i.subscriptionId() == null ? "" : i.subscriptionId())
                .setKind(Enums.invoiceKind(i.kind()))
                .setStatus(Enums.invoiceStatus(i.status()))
                .setCurrencyCode(i.currency())
                .setSubtotal(Protos.scaledMoney(i.subtotal()))
                .setTotal(Protos.scaledMoney(i.total()))
                .setCreateTime(ProtoTime.timestamp(i.createTime()))
                .setPaymentReference(i.paymentReference())
                .setVoidReason(i.voidReason())
                .setCreditedInvoiceId(i.creditedInvoiceId() == null ? "" : i.creditedInvoiceId())
                .setCreditNoteInvoiceId(i.creditNoteInvoiceId() == null ? "" : i.creditNoteInvoiceId());
        if (i.period() != null && i.kind() == InvoiceKind.PERIOD) {
            invoice.setPeriod(Protos.range(i.period()));
        }
        if (i.plan() != null && i.kind() == InvoiceKind.PERIOD) {
            invoice.setPlanId(i.plan().planId()).setPlanVersion(i.plan().version());
        }
        if (i.finalizeTime() != null) {
            invoice.setFinalizeTime(ProtoTime.timestamp(i.finalizeTime()));
        }
        if (i.payTime() != null) {
            invoice.setPayTime(ProtoTime.timestamp(i.payTime()));
        }
        if (i.voidTime() != null) {
            invoice.setVoidTime(ProtoTime.timestamp(i.voidTime()));
        }
        i.lines().forEach(line -> invoice.addLines(line(line)));
        return invoice.build();
    }

    private static dev.tally.invoice.v1.InvoiceLine line(InvoiceLine line) {
        dev.tally.invoice.v1.InvoiceLine.Builder out = dev.tally.invoice.v1.InvoiceLine.newBuilder()
                .setLineType(Enums.lineType(line.type()))
                .setDescription(line.description())
                .setFeatureCode(line.featureCode() == null ? "" : line.featureCode())
                .setQuantity(Protos.decimal(line.quantity()))
                .setUnitPrice(Protos.scaledMoney(line.unitPrice()))
                .setAmount(Protos.scaledMoney(line.amount()))
                .setUsageUnits(Protos.decimal(line.usageUnits()))
                .setCreditPackCode(line.creditPackCode() == null ? "" : line.creditPackCode());
        if (line.servicePeriod() != null) {
            out.setServicePeriod(Protos.range(line.servicePeriod()));
        }
        return out.build();
    }
}
