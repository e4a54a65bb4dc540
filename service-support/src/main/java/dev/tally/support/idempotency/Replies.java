package dev.tally.support.idempotency;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.function.UnaryOperator;

/**
 * How one RPC's response is stored and replayed, without reflection: the response's parser and
 * the function that marks a replay.
 * <pre>{@code
 * static final Replies<DebitResponse> DEBIT =
 *         Replies.of(DebitResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
 * }</pre>
 *
 * @param <P> the response message
 */
public record Replies<P extends MessageLite>(Parser<P> parser, UnaryOperator<P> markDuplicate) {

    public static <P extends MessageLite> Replies<P> of(Parser<P> parser, UnaryOperator<P> markDuplicate) {
        return new Replies<>(parser, markDuplicate);
    }

    /** The bytes stored with the key. */
    public byte[] serialise(P response) {
        return response.toByteArray();
    }

    /** The stored response, marked as a duplicate. */
    public P replay(byte[] stored) {
        try {
            return markDuplicate.apply(parser.parseFrom(stored));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored response is not readable as the RPC's response", e);
        }
    }
}
