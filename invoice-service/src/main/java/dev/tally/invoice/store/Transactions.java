package dev.tally.invoice.store;

import dev.tally.support.error.SqlStates;
import dev.tally.support.error.TallyException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.OptimisticLockException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;

/**
 * Sessions and transactions of the Panache store: the use cases open them around their work (the
 * store's methods run in the current one). A transaction that found a concurrent change of the
 * same rows (an optimistic lock, {@code @Version}, or the database's own conflict) is run again,
 * up to {@value #CONFLICT_ATTEMPTS} times in all; a conflict that persists answers UNAVAILABLE: the
 * call may be retried with the same key.
 */
public final class Transactions {

    static final int CONFLICT_ATTEMPTS = 3;

    private Transactions() {}

    /** Runs {@code work} in a new transaction (committed when it succeeds, rolled back when it fails). */
    public static <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work);
    }

    /** Runs {@code work} in the current session, or in a new one (reads). */
    public static <T> Uni<T> inSession(Supplier<Uni<T>> work) {
        return Panache.withSession(work);
    }

    /** Runs {@code transaction} again (with its own session) after a concurrency conflict. */
    public static <T> Uni<T> retryOnConflict(Supplier<Uni<T>> transaction) {
        return Uni.createFrom()
                .deferred(transaction::get)
                .onFailure(Transactions::isConflict)
                .retry()
                .atMost(CONFLICT_ATTEMPTS - 1)
                .onFailure(Transactions::isConflict)
                .transform(e -> TallyException.unavailable(
                        "the call collided with a concurrent change of the same records; retry it with the same key"));
    }

    /** An optimistic lock failure, a serialization failure or a deadlock, anywhere in the cause chain. */
    static boolean isConflict(Throwable failure) {
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

    /**
     * True when this transaction now holds the advisory lock {@code name} (e.g. {@code close:sub_1f…/3});
     * false when another transaction holds it. "One runner at a time" across replicas:
     * {@code pg_try_advisory_xact_lock}, released at commit or rollback, never left behind on a
     * pooled connection.
     */
    public static Uni<Boolean> tryLock(String name) {
        return NativeSql.value("SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 0))", Boolean.class, name);
    }
}
