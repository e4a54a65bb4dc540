package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.store.IdempotencyRecords;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.idempotency.StoredRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a mutating call runs: one transaction holding the change and its idempotency record, which
 * stores the call's response as the grpc layer rendered it ({@code replies}). The transaction runs
 * once more if a concurrent call with the same key committed first (it then replays), and again
 * after a concurrent change of the same rows ({@link Transactions#retryOnConflict}).
 */
@ApplicationScoped
public class IdempotentCalls {

    private final IdempotencyRecords records;
    private final IdempotencyStore kit;
    private final Clock clock;

    IdempotentCalls(IdempotencyRecords records, IdempotencyStore kit, Clock clock) {
        this.records = records;
        this.kit = kit;
        this.clock = clock;
    }

    /** Replays the stored response of the same request, refuses a reused key, or runs {@code change} once. */
    public <P extends MessageLite> Uni<Reply<P>> once(RequestKey key, Replies<P> replies, Supplier<Uni<P>> change) {
        return inTransaction(() -> once(key, replies, clock.instant(), change));
    }

    /**
     * {@link #once} for a call scoped to a customer known only from the resource it names (a
     * subscription, an invoice): {@code customerOf} finds it in the transaction (NOT_FOUND before any
     * key is looked at), then the key of that scope decides replay, refusal or change.
     */
    public <P extends MessageLite> Uni<Reply<P>> onceFor(
            Supplier<Uni<String>> customerOf,
            Function<String, RequestKey> keyFor,
            Replies<P> replies,
            Supplier<Uni<P>> change) {
        return inTransaction(() -> customerOf
                .get()
                .flatMap(customerId -> once(keyFor.apply(customerId), replies, clock.instant(), change)));
    }

    /** In the current transaction: the stored answer to this key, or null when the key is new. */
    <P extends MessageLite> Uni<Reply<P>> replayOf(RequestKey key, Replies<P> replies) {
        return records.find(key).map(stored -> stored == null ? null : replay(key, stored, replies));
    }

    /** In the current transaction: stores the response of an applied call, naming the resource it concerns. */
    <P extends MessageLite> Uni<Void> store(RequestKey key, Replies<P> replies, P response, String resourceId) {
        return records.insert(key, replies.serialise(response), resourceId, clock.instant());
    }

    /** Runs {@code transaction} once more when a concurrent call with the same key committed first (it then replays). */
    <T> Uni<T> retryOnRace(Supplier<Uni<T>> transaction) {
        return kit.retryOnRace(transaction);
    }

    private <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Transactions.retryOnConflict(() -> retryOnRace(() -> Transactions.inTransaction(work)));
    }

    private <P extends MessageLite> Uni<Reply<P>> once(
            RequestKey key, Replies<P> replies, Instant at, Supplier<Uni<P>> change) {
        return records.find(key).flatMap(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(replay(key, stored, replies));
            }
            return change.get()
                    .call(response -> records.insert(key, replies.serialise(response), null, at))
                    .map(response -> new Reply<>(response, false, null));
        });
    }

    private static <P extends MessageLite> Reply<P> replay(RequestKey key, StoredRecord stored, Replies<P> replies) {
        if (!key.sameRequestAs(stored)) {
            throw TallyException.idempotencyKeyReused(key.key());
        }
        return new Reply<>(replies.replay(stored.response()), true, stored.resourceId());
    }
}
