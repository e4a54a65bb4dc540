package dev.tally.wallet.domain;

import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The service releases a hold whose expire time has passed (no idempotency key: nothing to replay). */
public record ExpireHoldCommand(String customerId, String unit, UUID holdId) implements WalletCommand<Hold> {

    @Override
    public String idempotencyKey() {
        return null;
    }

    @Override
    public OperationKind kind() {
        return OperationKind.EXPIRE_HOLD;
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
        return new Operation(id, null, null, "hold expired", Map.of(), at);
    }

    @Override
    public Hold applyTo(BalanceBook book, Operation op) {
        return book.expireHold(holdId, op);
    }
}
