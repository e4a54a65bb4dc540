package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;

/**
 * What became of one idempotent call: applied now, replayed from its stored response, or refused
 * (changing nothing).
 *
 * @param <R> the result of an applied call
 */
public sealed interface Outcome<R> {

    /** Applied in this transaction. */
    record Applied<R>(R result) implements Outcome<R> {
    }

    /** The key was already used for the same request: the response stored then (serialised). */
    record Replayed<R>(byte[] response) implements Outcome<R> {
    }

    /** Refused; nothing changed. */
    record Failed<R>(TallyException error) implements Outcome<R> {
    }
}
