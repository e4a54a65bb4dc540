package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.support.idempotency.Replies;

/**
 * How the grpc layer renders a correction: the event's new stored detail and the answer (stored
 * with the key); called inside the correction's transaction.
 *
 * @param <P> the answer (VoidEventResponse, AmendEventResponse)
 */
public interface CorrectionRendering<P extends MessageLite> {

    /** How the answer is stored with its key and replayed. */
    Replies<P> replies();

    /** The event as listed after the correction, without its debit and correction state (stored with it). */
    byte[] detail(Correction correction);

    /** The answer. */
    P response(Correction correction);
}
