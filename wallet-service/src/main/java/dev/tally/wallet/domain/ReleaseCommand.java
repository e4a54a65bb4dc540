package dev.tally.wallet.domain;

import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Release: end a hold without a debit. Its unit is the hold's. */
public record ReleaseCommand(String customerId, UUID holdId, String idempotencyKey)
        implements WalletCommand<HoldResult> {

    @Override
    public String unit() {
        return null;
    }

    @Override
    public OperationKind kind() {
        return OperationKind.RELEASE;
    }

    @Override
    public Needs needs() {
        return Needs.hold(holdId);
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(holdId);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, null, "hold released", Map.of(), at);
    }

    @Override
    public HoldResult applyTo(BalanceBook book, Operation op) {
        return book.release(holdId, op);
    }
}
