package dev.tally.wallet.domain;

import dev.tally.support.money.Money;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** SettleShortfall: clear up to {@code maxAmount} of owed shortfall billed elsewhere. */
public record SettleCommand(String customerId, Money maxAmount, String reference, String idempotencyKey)
        implements WalletCommand<SettlementResult> {

    @Override
    public String unit() {
        return maxAmount.currency();
    }

    @Override
    public OperationKind kind() {
        return OperationKind.SETTLE_SHORTFALL;
    }

    @Override
    public byte[] fingerprint() {
        return Fingerprint.of(kind(), customerId, maxAmount, reference);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, "shortfall billed", Map.of(), at);
    }

    @Override
    public SettlementResult applyTo(BalanceBook book, Operation op) {
        return book.settle(maxAmount.amount(), op);
    }
}
