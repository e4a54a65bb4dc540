package dev.tally.wallet.domain;

import dev.tally.support.idempotency.PayloadHash;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** SetLowBalanceThreshold: set ({@code threshold} non-null) or clear the threshold of one unit. */
public record ThresholdCommand(String customerId, String unit, BigDecimal threshold, String idempotencyKey)
        implements WalletCommand<BalanceView> {

    @Override
    public OperationKind kind() {
        return OperationKind.SET_LOW_BALANCE_THRESHOLD;
    }

    @Override
    public boolean createsWallet() {
        return true;
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(unit, threshold);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, null, null, Map.of(), at);
    }

    @Override
    public BalanceView applyTo(BalanceBook book, Operation op) {
        return book.setThreshold(threshold, op);
    }
}
