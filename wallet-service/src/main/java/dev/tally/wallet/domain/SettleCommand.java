package dev.tally.wallet.domain;

import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * SettleShortfall: claim, for an invoice, the shortfall outstanding that occurred in [from, until).
 *
 * @param from null: from the beginning
 */
public record SettleCommand(
        String customerId, String unit, Instant from, Instant until, String reference, String idempotencyKey)
        implements WalletCommand<SettlementResult> {

    @Override
    public OperationKind kind() {
        return OperationKind.SETTLE_SHORTFALL;
    }

    @Override
    public Needs needs() {
        return Needs.SHORTFALLS;
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(unit, from, until, reference);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, "shortfall claimed for billing", Map.of(), at);
    }

    @Override
    public SettlementResult applyTo(BalanceBook book, Operation op) {
        return book.settle(from, until, op);
    }
}
