package dev.tally.invoice.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.invoice.app.Purchases;
import dev.tally.invoice.domain.CurrencyScale;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.grpc.Pages.Listing;
import dev.tally.invoice.grpc.Validated.Keyed;
import dev.tally.invoice.grpc.Validated.KeyedByCustomer;
import dev.tally.invoice.v1.FinalizeInvoiceRequest;
import dev.tally.invoice.v1.GetInvoiceRequest;
import dev.tally.invoice.v1.GetUpcomingInvoiceRequest;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.MarkInvoicePaidRequest;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.invoice.v1.VoidInvoiceRequest;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoMoney;
import dev.tally.support.proto.ProtoTime;
import java.time.Instant;

/** Invoice and purchase requests to validated commands; INVALID_ARGUMENT with every bad field otherwise. */
final class InvoiceRequests {

    private InvoiceRequests() {}

    /** PurchaseCreditPack: {@code quantity} (1 when unset) packs of a code. */
    record PackPurchase(String customerId, String packCode, int quantity) {}

    /** TopUp: money for the customer's balance. */
    record TopUp(String customerId, Money amount) {}

    /** VoidInvoice. */
    record Voiding(String invoiceId, String reason) {}

    /** MarkInvoicePaid: when (now when unset) and the payment's reference. */
    record Payment(String invoiceId, Instant payTime, String reference) {}

    /** ListInvoices' filters (null: any); {@code period}: invoices with a line whose service period overlaps it. */
    record Filter(String customerId, String subscriptionId, InvoiceStatus status, InvoiceKind kind, Period period) {}

    /** The request's key is hashed with its quantity as applied (unset = 1), so a retry naming 1 is the same call. */
    static Keyed<PackPurchase> packPurchase(PurchaseCreditPackRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
            Identifiers.required(v, "credit_pack_code", request.getCreditPackCode());
            int quantity = packQuantity(v, request.getQuantity());
            return v.isEmpty()
                    ? new Keyed<>(
                            new PackPurchase(customer, request.getCreditPackCode(), quantity),
                            Validated.customerKey(
                                    customer,
                                    request.getIdempotencyKey(),
                                    Purchases.PURCHASE_CREDIT_PACK,
                                    request.toBuilder().setQuantity(quantity).build()))
                    : null;
        });
    }

    static Keyed<TopUp> topUp(TopUpRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String customer = Identifiers.required(v, "customer_id", request.getCustomerId());
            Money amount = topUpAmount(v, request);
            return v.isEmpty()
                    ? new Keyed<>(
                            new TopUp(customer, amount),
                            Validated.customerKey(customer, request.getIdempotencyKey(), Purchases.TOP_UP, request))
                    : null;
        });
    }

    static String upcoming(GetUpcomingInvoiceRequest request) {
        return Validated.of(v -> Identifiers.required(v, "customer_id", request.getCustomerId()));
    }

    static String get(GetInvoiceRequest request) {
        return Validated.of(v -> Identifiers.required(v, "invoice_id", request.getInvoiceId()));
    }

    static Listing<Filter> list(ListInvoicesRequest request) {
        return Validated.of(v -> {
            Period period = request.hasPeriod() ? period(v, request.getPeriod()) : null;
            String query = "ListInvoices|" + request.getCustomerId() + "|" + request.getSubscriptionId() + "|"
                    + request.getStatusValue() + "|" + request.getKindValue()
                    + (period == null ? "" : "|" + period.start() + "|" + period.end());
            Filter filter = new Filter(
                    SubscriptionRequests.blankToNull(request.getCustomerId()),
                    SubscriptionRequests.blankToNull(request.getSubscriptionId()),
                    Enums.invoiceStatus(request.getStatus()),
                    Enums.invoiceKind(request.getKind()),
                    period);
            return Pages.listing(v, filter, request.getPageSize(), request.getPageToken(), query);
        });
    }

    /** ListInvoices' period: both bounds, end after start; null with violations otherwise. */
    private static Period period(Violations v, TimeRange range) {
        Instant start = ProtoTime.required(v, "period.start_time", range.hasStartTime(), range.getStartTime());
        Instant end = ProtoTime.required(v, "period.end_time", range.hasEndTime(), range.getEndTime());
        if (start == null || end == null) {
            return null;
        }
        if (!end.isAfter(start)) {
            v.add("period.end_time", "must be after period.start_time");
            return null;
        }
        return new Period(start, end);
    }

    static KeyedByCustomer<String> finalizeInvoice(FinalizeInvoiceRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String id = Identifiers.required(v, "invoice_id", request.getInvoiceId());
            return new KeyedByCustomer<>(
                    id,
                    customer ->
                            Validated.customerKey(customer, request.getIdempotencyKey(), "FinalizeInvoice", request));
        });
    }

    static KeyedByCustomer<Voiding> voidInvoice(VoidInvoiceRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String reason = request.getVoidReason();
            v.check(reason.isEmpty() || reason.length() > 1000, "void_reason", "must be 1-1000 characters");
            String id = Identifiers.required(v, "invoice_id", request.getInvoiceId());
            return new KeyedByCustomer<>(
                    new Voiding(id, reason),
                    customer -> Validated.customerKey(customer, request.getIdempotencyKey(), "VoidInvoice", request));
        });
    }

    static KeyedByCustomer<Payment> markPaid(MarkInvoicePaidRequest request, Instant now) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            Instant payTime = ProtoTime.orDefault(v, "pay_time", request.hasPayTime(), request.getPayTime(), now);
            if (payTime != null && payTime.isAfter(now)) {
                v.add("pay_time", "must not be in the future");
            }
            v.check(
                    request.getPaymentReference().length() > 255,
                    "payment_reference",
                    "must be at most 255 characters");
            String id = Identifiers.required(v, "invoice_id", request.getInvoiceId());
            return new KeyedByCustomer<>(
                    new Payment(id, payTime, request.getPaymentReference()),
                    customer ->
                            Validated.customerKey(customer, request.getIdempotencyKey(), "MarkInvoicePaid", request));
        });
    }

    /** A top-up amount: > 0, ISO 4217 (not CREDITS), at most the currency's minor unit precision. */
    private static Money topUpAmount(Violations v, TopUpRequest request) {
        Money amount = ProtoMoney.positive(
                v,
                "amount",
                request.hasAmount(),
                request.getAmount().getAmount(),
                request.getAmount().getCurrencyCode());
        if (amount == null) {
            return null;
        }
        if (Money.CREDITS.equals(amount.currency())) {
            v.add("amount.currency_code", "must be a currency: credits are bought as credit packs");
            return null;
        }
        if (!CurrencyScale.fits(amount)) {
            v.add(
                    "amount.amount",
                    "must have at most " + CurrencyScale.digits(amount.currency()) + " decimal places in "
                            + amount.currency());
            return null;
        }
        return amount;
    }

    private static int packQuantity(Violations v, int quantity) {
        if (quantity < 0 || quantity > 1000) {
            v.add("quantity", "must be 1 to 1000 (0 means 1)");
        }
        return quantity == 0 ? 1 : quantity;
    }
}
