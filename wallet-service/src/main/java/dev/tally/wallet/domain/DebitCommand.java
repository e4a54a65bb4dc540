package dev.tally.wallet.domain;

import dev.tally.support.money.Money;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Debit: take {@code amount} from the customer's balance in its unit. */
public record DebitCommand(String customerId, Money amount, String idempotencyKey, String reference,
                           String description, Map<String, String> metadata) implements WalletCommand<DebitResult> {

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
    public byte[] fingerprint() {
        return Fingerprint.of(kind(), customerId, amount, reference, description, metadata);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, description, metadata, at);
    }

    @Override
    public DebitResult applyTo(BalanceBook book, Operation op) {
        return book.debit(amount.amount(), op);
    }
}
