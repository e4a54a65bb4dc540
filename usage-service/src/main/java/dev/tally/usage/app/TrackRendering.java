package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.support.idempotency.Replies;
import dev.tally.usage.domain.DebitState;

/**
 * How the grpc layer renders Track's answers and the events' stored detail; a flush calls it inside
 * its transaction (the answer is stored with the key, the detail with the event).
 *
 * @param <P> the Track answer
 */
public interface TrackRendering<P extends MessageLite> {

    /** How the answer is stored with its key and replayed (Track, TrackBatch and TrackStream share it). */
    Replies<P> replies();

    /** The answer stored with the key: the debit PENDING or NOT_REQUIRED as of the commit. */
    P recorded(RecordedEvent event);

    /** The event as listed, stored with it (without its debit and correction state). */
    byte[] detail(RecordedEvent event);

    /** An answer with the event's debit state as it is now (after the wallet's answer, or at a replay). */
    P withDebitState(P answer, DebitState state);
}
