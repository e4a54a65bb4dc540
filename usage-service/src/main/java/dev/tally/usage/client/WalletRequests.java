package dev.tally.usage.client;

import dev.tally.common.v1.Money;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The wallet calls the outbox stores, as the exact {@code tally.wallet.v1} request bytes the wallet
 * receives (so a redelivery after a crash sends the same request, with the same key).
 */
public final class WalletRequests {

    private WalletRequests() {}

    /** A DebitRequest of {@code amount} {@code unit} at the event's time. */
    public static byte[] debit(
            String customerId,
            BigDecimal amount,
            String unit,
            Instant occurredTime,
            String idempotencyKey,
            String reference,
            String description,
            Map<String, String> metadata) {
        return DebitRequest.newBuilder()
                .setCustomerId(customerId)
                .setAmount(money(amount, unit))
                .setOccurredTime(ProtoTime.timestamp(occurredTime))
                .setIdempotencyKey(idempotencyKey)
                .setReference(reference)
                .setDescription(description)
                .putAllMetadata(metadata)
                .build()
                .toByteArray();
    }

    /** A CaptureRequest of a hold for the final amount. */
    public static byte[] capture(
            String customerId,
            String holdId,
            BigDecimal amount,
            String unit,
            Instant occurredTime,
            String idempotencyKey,
            String reference,
            String description,
            Map<String, String> metadata) {
        return CaptureRequest.newBuilder()
                .setCustomerId(customerId)
                .setHoldId(holdId)
                .setFinalAmount(money(amount, unit))
                .setOccurredTime(ProtoTime.timestamp(occurredTime))
                .setIdempotencyKey(idempotencyKey)
                .setReference(reference)
                .setDescription(description)
                .putAllMetadata(metadata)
                .build()
                .toByteArray();
    }

    /** A ReleaseRequest of a hold. */
    public static byte[] release(String customerId, String holdId, String idempotencyKey) {
        return ReleaseRequest.newBuilder()
                .setCustomerId(customerId)
                .setHoldId(holdId)
                .setIdempotencyKey(idempotencyKey)
                .build()
                .toByteArray();
    }

    /** A ReverseDebitRequest; the debit to reverse is named when it is delivered (the one in force then). */
    public static byte[] reverse(String customerId, String idempotencyKey, String reason, String reference) {
        return ReverseDebitRequest.newBuilder()
                .setCustomerId(customerId)
                .setIdempotencyKey(idempotencyKey)
                .setReason(reason)
                .setReference(reference)
                .build()
                .toByteArray();
    }

    /** The debit a capture becomes when its hold is gone: the same amount, time, key, reference and metadata. */
    public static byte[] captureAsDebit(byte[] captureRequest) {
        CaptureRequest capture = WalletGateway.parse(captureRequest, CaptureRequest.parser());
        DebitRequest.Builder b = DebitRequest.newBuilder()
                .setCustomerId(capture.getCustomerId())
                .setAmount(capture.getFinalAmount())
                .setIdempotencyKey(capture.getIdempotencyKey())
                .setReference(capture.getReference())
                .setDescription(capture.getDescription())
                .putAllMetadata(capture.getMetadataMap());
        if (capture.hasOccurredTime()) {
            b.setOccurredTime(capture.getOccurredTime());
        }
        return b.build().toByteArray();
    }

    static Money money(BigDecimal amount, String unit) {
        return Money.newBuilder()
                .setAmount(Decimals.text(amount))
                .setCurrencyCode(unit)
                .build();
    }
}
