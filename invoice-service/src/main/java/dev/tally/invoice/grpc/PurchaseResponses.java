package dev.tally.invoice.grpc;

import dev.tally.invoice.app.Purchases;
import dev.tally.invoice.v1.PurchaseCreditPackResponse;
import dev.tally.invoice.v1.TopUpResponse;
import dev.tally.support.idempotency.Replies;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completed purchases to the PurchaseCreditPack and TopUp responses. Also the answers the billing
 * job stores for purchases it completes on the caller's behalf ({@link Purchases.Answers}): the
 * same responses, so a later retry replays what the call would have answered.
 */
@ApplicationScoped
class PurchaseResponses implements Purchases.Answers {

    static final Purchases.Answer<PurchaseCreditPackResponse> PACK = new Purchases.Answer<>(
            Replies.of(
                    PurchaseCreditPackResponse.parser(),
                    r -> r.toBuilder().setDuplicate(true).build()),
            PurchaseResponses::pack);
    static final Purchases.Answer<TopUpResponse> TOP_UP = new Purchases.Answer<>(
            Replies.of(
                    TopUpResponse.parser(),
                    r -> r.toBuilder().setDuplicate(true).build()),
            PurchaseResponses::topUp);

    @Override
    public Purchases.Answer<?> of(String method) {
        return Purchases.PURCHASE_CREDIT_PACK.equals(method) ? PACK : TOP_UP;
    }

    static PurchaseCreditPackResponse pack(Purchases.Completed purchase) {
        return PurchaseCreditPackResponse.newBuilder()
                .setInvoice(InvoiceResponses.invoice(purchase.invoice()))
                .setCreditsGranted(Protos.money(purchase.grant().amount()))
                .setCreditsAvailable(available(purchase))
                .build();
    }

    static TopUpResponse topUp(Purchases.Completed purchase) {
        return TopUpResponse.newBuilder()
                .setInvoice(InvoiceResponses.invoice(purchase.invoice()))
                .setBalanceAvailable(available(purchase))
                .build();
    }

    private static dev.tally.common.v1.Money available(Purchases.Completed purchase) {
        return purchase.available() == null
                ? dev.tally.common.v1.Money.getDefaultInstance()
                : Protos.money(purchase.available());
    }
}
