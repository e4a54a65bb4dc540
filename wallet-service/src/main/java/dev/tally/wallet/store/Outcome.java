package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;

/**
 * What became of one idempotent call: applied now (with the response stored for its replays),
 * replayed from the response stored the first time, or refused (changing nothing).
 *
 * @param <P> the response of a call
 */
public sealed interface Outcome<P> {

    /** Applied in this transaction; {@code response} is also what replays will return. */
    record Applied<P>(P response) implements Outcome<P> {
    }

    /** The key was already used for the same request: the response stored then (serialised). */
    record Replayed<P>(byte[] response) implements Outcome<P> {
    }

    /** Refused; nothing changed. */
    record Failed<P>(TallyException error) implements Outcome<P> {
    }
}
