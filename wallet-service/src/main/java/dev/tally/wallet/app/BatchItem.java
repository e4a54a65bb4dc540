package dev.tally.wallet.app;

import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.wallet.domain.WalletCommand;

/**
 * One item of a batch: a valid command with its idempotency key (scope = the customer, method =
 * the RPC, payload hash computed here, before any transaction; null for the service's own changes),
 * or the reason its request was invalid.
 *
 * @param <R> the command's result
 */
public record BatchItem<R>(WalletCommand<R> command, RequestKey key, TallyException invalid) {

    public static <R> BatchItem<R> of(WalletCommand<R> command) {
        RequestKey key = command.idempotencyKey() == null
                ? null
                : new RequestKey(
                        command.customerId(),
                        command.idempotencyKey(),
                        command.kind().method(),
                        command.payloadHash());
        return new BatchItem<>(command, key, null);
    }

    public static <R> BatchItem<R> invalid(TallyException invalid) {
        return new BatchItem<>(null, null, invalid);
    }
}
