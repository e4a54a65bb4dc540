package dev.tally.invoice.store;

import com.google.protobuf.MessageLite;
import dev.tally.support.error.SqlStates;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a mutating call runs: one transaction holding the change and its idempotency record; run
 * once more if a concurrent call with the same key committed first (it then replays), and up to
 * {@value #CONFLICT_ATTEMPTS} times in all when an optimistic lock ({@code @Version}) or the
 * database found a concurrent change of the same rows. A conflict that persists answers
 * UNAVAILABLE: the call may be retried with the same key.
 */
public final class Transactions {

    static final int CONFLICT_ATTEMPTS = 3;

    private Transactions() {
    }

    public static <P extends MessageLite> Uni<Reply<P>> once(RequestKey key, Replies<P> replies, Clock clock,
                                                             Supplier<Uni<P>> change) {
        return retryOnConflict(() -> SessionRecords.retryOnRace(() -> Panache.withTransaction(
                () -> SessionRecords.once(key, replies, clock.instant(), change))));
    }

    /**
     * {@link #once} for a call scoped to a customer known only from the resource it names (a
     * subscription, an invoice): {@code customerOf} finds it in the transaction (NOT_FOUND before any
     * key is looked at), then the key of that scope decides replay, refusal or change.
     */
    public static <P extends MessageLite> Uni<Reply<P>> onceFor(Supplier<Uni<String>> customerOf,
                                                                Function<String, RequestKey> keyFor,
                                                                Replies<P> replies, Clock clock,
                                                                Supplier<Uni<P>> change) {
        return retryOnConflict(() -> SessionRecords.retryOnRace(() -> Panache.withTransaction(
                () -> customerOf.get().flatMap(customerId ->
                        SessionRecords.once(keyFor.apply(customerId), replies, clock.instant(), change)))));
    }

    /** Runs {@code transaction} again (with its own session) after a concurrency conflict. */
    public static <T> Uni<T> retryOnConflict(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().deferred(transaction::get)
                .onFailure(Transactions::isConflict).retry().atMost(CONFLICT_ATTEMPTS - 1)
                .onFailure(Transactions::isConflict).transform(e -> TallyException.unavailable(
                        "the call collided with a concurrent change of the same records; retry it with the same key"));
    }

    /** An optimistic lock failure, a serialization failure or a deadlock, anywhere in the cause chain. */
    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return SqlStates.isConcurrencyConflict(failure);
    }

    /** A unique violation raised by one of {@code table}'s constraints. */
    public static Predicate<Throwable> uniqueViolationOn(String table) {
        return failure -> SqlStates.isUniqueViolation(failure, table);
    }
}
