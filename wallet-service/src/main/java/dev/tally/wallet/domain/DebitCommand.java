package dev.tally.wallet.domain;

import dev.tally.shared.money.Money;
import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Debit: take {@code amount} from the customer's balance in its unit, opening the wallet if needed.
 *
 * @param occurredTime when the usage occurred; null: the transaction's instant
 */
public record DebitCommand(
        String customerId,
        Money amount,
        Instant occurredTime,
        String idempotencyKey,
        String reference,
        String description,
        Map<String, String> metadata)
        implements WalletCommand<DebitResult> {

    public DebitCommand {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public String unit() {
        return amount.currency();
    }

    @Override
    public OperationKind kind() {
        return OperationKind.DEBIT;
    }

    @Override
    public boolean createsWallet() {
        return true;
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(amount, occurredTime, reference, description, metadata);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, description, metadata, at);
    }

    @Override
    public DebitResult applyTo(BalanceBook book, Operation op) {
        return book.debit(amount.amount(), occurredTime, op);
    }
}
