package dev.tally.support.idempotency;

import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotency side of one batch transaction, decided in memory after
 * {@link IdempotencyStore#openBatch} read every record with one statement. Per item, in order:
 * <pre>{@code
 * Reply<DebitResponse> replayed = batch.replay(key);     // throws ALREADY_EXISTS for a reused key
 * if (replayed == null) {
 *     DebitResponse response = apply(item);               // the item's change
 *     batch.applied(key, response, null);
 * }
 * }</pre>
 * An item whose key an earlier item of the same batch used replays that item's response (or is
 * refused), exactly as if the two had come in two calls. {@link IdempotencyStore#closeBatch} then
 * writes the new records with one statement.
 *
 * @param <P> the item's response message
 */
public final class IdempotentBatch<P extends MessageLite> {

    private final Map<RequestKey.Slot, StoredRecord> records;
    private final Replies<P> replies;
    private final List<IdempotencyStore.NewRecord> written = new ArrayList<>();

    IdempotentBatch(Map<RequestKey.Slot, StoredRecord> found, Replies<P> replies) {
        this.records = new HashMap<>(found);
        this.replies = replies;
    }

    /**
     * The stored response marked duplicate when the key was used for the same request; null when
     * the key is new (the caller applies the item, then calls {@link #applied}).
     *
     * @throws dev.tally.support.error.TallyException ALREADY_EXISTS (IDEMPOTENCY_KEY_REUSED) when
     *                                                the key was used for another request
     */
    public Reply<P> replay(RequestKey key) {
        StoredRecord stored = records.get(key.slot());
        return stored == null ? null : IdempotencyStore.replay(key, stored, replies);
    }

    /** Records that the item with {@code key} was applied with {@code response}. */
    public void applied(RequestKey key, P response, String resourceId) {
        byte[] bytes = replies.serialise(response);
        records.put(key.slot(), new StoredRecord(key.method(), key.payloadHash(), bytes, resourceId, null));
        written.add(new IdempotencyStore.NewRecord(key, bytes, resourceId));
    }

    /** The records of the items applied in this batch, in order. */
    public List<IdempotencyStore.NewRecord> newRecords() {
        return List.copyOf(written);
    }
}
