package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * "One runner at a time" across replicas: a PostgreSQL advisory lock held by the current
 * transaction ({@code pg_try_advisory_xact_lock}, released at commit or rollback, never left behind
 * on a pooled connection), keyed by a 64-bit hash of a name such as {@code close:sub_1f…/3}.
 */
public final class Locks {

    private Locks() {
    }

    /** True when this transaction now holds the lock; false when another transaction holds it. */
    public static Uni<Boolean> tryLock(String name) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 0))", Boolean.class)
                .setParameter(1, name)
                .getSingleResult());
    }
}
