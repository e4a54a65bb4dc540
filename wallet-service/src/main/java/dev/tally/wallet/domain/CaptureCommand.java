package dev.tally.wallet.domain;

import dev.tally.shared.money.Money;
import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Capture: end a hold by debiting {@code finalAmount} (its unit selects the balance; the hold must be
 * in it).
 *
 * @param occurredTime null: the transaction's instant
 * @param reference    null: the hold's reference
 */
public record CaptureCommand(
        String customerId,
        UUID holdId,
        Money finalAmount,
        Instant occurredTime,
        String idempotencyKey,
        String reference,
        String description,
        Map<String, String> metadata)
        implements WalletCommand<CaptureResult> {

    public CaptureCommand {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public String unit() {
        return finalAmount.currency();
    }

    @Override
    public OperationKind kind() {
        return OperationKind.CAPTURE;
    }

    @Override
    public Needs needs() {
        return Needs.hold(holdId);
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(holdId, finalAmount, occurredTime, reference, description, metadata);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, description, metadata, at);
    }

    @Override
    public CaptureResult applyTo(BalanceBook book, Operation op) {
        return book.capture(holdId, finalAmount.amount(), occurredTime, op);
    }
}
