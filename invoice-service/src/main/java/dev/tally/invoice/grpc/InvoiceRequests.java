package dev.tally.invoice.grpc;

import dev.tally.invoice.v1.MarkInvoicePaidRequest;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.support.error.Violations;
import dev.tally.shared.money.Money;
import dev.tally.support.proto.ProtoMoney;
import dev.tally.support.proto.ProtoTime;

import java.time.Instant;
import java.util.Currency;

/** Invoice and purchase request fields the domain does not check itself. */
final class InvoiceRequests {

    private InvoiceRequests() {
    }

    /** A top-up amount: > 0, ISO 4217 (not CREDITS), at most the currency's minor unit precision. */
    static Money topUpAmount(Violations v, TopUpRequest request) {
        Money amount = ProtoMoney.positive(v, "amount", request.hasAmount(), request.getAmount().getAmount(),
                request.getAmount().getCurrencyCode());
        if (amount == null) {
            return null;
        }
        if (Money.CREDITS.equals(amount.currency())) {
            v.add("amount.currency_code", "must be a currency: credits are bought as credit packs");
            return null;
        }
        int digits = Currency.getInstance(amount.currency()).getDefaultFractionDigits();
        if (Money.canonical(amount.amount()).scale() > Math.max(digits, 0)) {
            v.add("amount.amount", "must have at most " + digits + " decimal places in " + amount.currency());
            return null;
        }
        return amount;
    }

    static int packQuantity(Violations v, int quantity) {
        if (quantity < 0 || quantity > 1000) {
            v.add("quantity", "must be 1 to 1000 (0 means 1)");
        }
        return quantity == 0 ? 1 : quantity;
    }

    static String voidReason(Violations v, String reason) {
        v.check(reason.isEmpty() || reason.length() > 1000, "void_reason", "must be 1-1000 characters");
        return reason;
    }

    static Instant payTime(Violations v, MarkInvoicePaidRequest request, Instant now) {
        Instant payTime = ProtoTime.orDefault(v, "pay_time", request.hasPayTime(), request.getPayTime(), now);
        if (payTime != null && payTime.isAfter(now)) {
            v.add("pay_time", "must not be in the future");
        }
        v.check(request.getPaymentReference().length() > 255, "payment_reference", "must be at most 255 characters");
        return payTime;
    }
}
