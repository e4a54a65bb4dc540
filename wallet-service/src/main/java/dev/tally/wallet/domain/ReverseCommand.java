package dev.tally.wallet.domain;

import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** ReverseDebit: undo a debit (or a capture's debit). Its unit is the debit's. */
public record ReverseCommand(String customerId, UUID debitId, String idempotencyKey, String reason, String reference)
        implements WalletCommand<ReversalResult> {

    @Override
    public String unit() {
        return null;
    }

    @Override
    public OperationKind kind() {
        return OperationKind.REVERSE_DEBIT;
    }

    @Override
    public Needs needs() {
        return Needs.debit(debitId);
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(debitId, reason, reference);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(
                id,
                idempotencyKey,
                reference,
                reason == null ? "debit " + debitId + " reversed" : reason,
                Map.of(),
                at);
    }

    @Override
    public ReversalResult applyTo(BalanceBook book, Operation op) {
        return book.reverse(debitId, op);
    }
}
