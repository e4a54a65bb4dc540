package dev.tally.wallet.app;

import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Reply;

/**
 * What became of one item of a wallet transaction: its reply (applied now, or the stored response
 * replayed with {@code duplicate} set), or the refusal that left it unapplied. The one thing the
 * idempotency kit has no type for: an item that either answered or failed, so that a batch goes on
 * after a refused item.
 *
 * @param <P> the response of a call
 */
public record Outcome<P>(Reply<P> reply, TallyException refused) {

    static <P> Outcome<P> answered(Reply<P> reply) {
        return new Outcome<>(reply, null);
    }

    static <P> Outcome<P> refusedWith(TallyException refused) {
        return new Outcome<>(null, refused);
    }

    /** The response (marked duplicate when replayed); throws the refusal. */
    public P response() {
        if (refused != null) {
            throw refused;
        }
        return reply.response();
    }
}
