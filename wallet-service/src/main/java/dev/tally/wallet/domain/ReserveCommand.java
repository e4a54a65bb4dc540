package dev.tally.wallet.domain;

import dev.tally.shared.money.Money;
import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Reserve: hold {@code amount} of the available balance until {@code expireTime}.
 *
 * @param expireTime null: {@link BalanceBook#DEFAULT_HOLD_DURATION} from now
 */
public record ReserveCommand(
        String customerId,
        Money amount,
        Instant expireTime,
        String idempotencyKey,
        String reference,
        String description)
        implements WalletCommand<HoldResult> {

    @Override
    public String unit() {
        return amount.currency();
    }

    @Override
    public OperationKind kind() {
        return OperationKind.RESERVE;
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(amount, expireTime, reference, description);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, description, Map.of(), at);
    }

    @Override
    public HoldResult applyTo(BalanceBook book, Operation op) {
        return book.reserve(amount.amount(), expireTime, op);
    }
}
