package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.WalletCommand;

/**
 * One item of a batch: a valid command, or the reason its request was invalid.
 *
 * @param <R> the command's result
 */
public record BatchItem<R>(WalletCommand<R> command, TallyException invalid) {

    public static <R> BatchItem<R> of(WalletCommand<R> command) {
        return new BatchItem<>(command, null);
    }

    public static <R> BatchItem<R> invalid(TallyException invalid) {
        return new BatchItem<>(null, invalid);
    }
}
