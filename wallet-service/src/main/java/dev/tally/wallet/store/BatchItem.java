package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.WalletCommand;

/**
 * One item of a batch: a valid command with its request fingerprint (computed here, before any
 * transaction), or the reason its request was invalid.
 *
 * @param <R> the command's result
 */
public record BatchItem<R>(WalletCommand<R> command, byte[] fingerprint, TallyException invalid) {

    public static <R> BatchItem<R> of(WalletCommand<R> command) {
        return new BatchItem<>(command, command.fingerprint(), null);
    }

    public static <R> BatchItem<R> invalid(TallyException invalid) {
        return new BatchItem<>(null, null, invalid);
    }
}
