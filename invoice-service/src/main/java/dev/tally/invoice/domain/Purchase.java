package dev.tally.invoice.domain;

import java.time.Instant;

/**
 * A credit pack purchase or top-up, in progress or done: recorded before its wallet grant with the
 * exact grant it will send, completed with its invoice, so a crash between the two is finished by
 * a retry with the same key (or by the billing job) with the same wallet key and the same invoice.
 *
 * @param method       the RPC that started it (PurchaseCreditPack, TopUp)
 * @param requestHash  the hash of the request, as its idempotency key holds it
 * @param grant        the wallet grant it sends (the wallet request, as the wallet client encoded it)
 * @param completeTime null until its invoice is finalized
 */
public record Purchase(
        String customerId,
        String idempotencyKey,
        String method,
        byte[] requestHash,
        byte[] grant,
        String invoiceId,
        Instant createTime,
        Instant completeTime) {

    public boolean isComplete() {
        return completeTime != null;
    }

    public Purchase completed(Instant at) {
        return new Purchase(customerId, idempotencyKey, method, requestHash, grant, invoiceId, createTime, at);
    }
}
