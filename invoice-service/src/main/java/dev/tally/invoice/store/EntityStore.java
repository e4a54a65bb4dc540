package dev.tally.invoice.store;

import io.smallrye.mutiny.Uni;

/**
 * One table's rows as domain values, in the current session: an entity never leaves the store.
 * A row read in the transaction is the one written back ({@link #update} finds it in the session
 * again), so its {@code @Version} is checked against what the transaction read.
 *
 * @param <D> the domain value
 * @param <E> its entity
 */
abstract class EntityStore<D, E> {

    private final Class<E> entity;

    EntityStore(Class<E> entity) {
        this.entity = entity;
    }

    /** The domain value of a row. */
    abstract D value(E row);

    /** The row of a new value. */
    abstract E row(D value);

    /** The primary key of a value's row. */
    abstract Object id(D value);

    /** What may change of a stored value, onto its row. */
    abstract void copy(D value, E row);

    /** The value, or null. */
    public Uni<D> find(Object id) {
        return entity(id).map(row -> row == null ? null : value(row));
    }

    public Uni<Void> insert(D value) {
        return NativeSql.session().flatMap(session -> session.persist(row(value)));
    }

    /** Writes the value's changes (read in this transaction before) and flushes them. */
    public Uni<Void> update(D value) {
        return entity(id(value))
                .invoke(row -> copy(value, row))
                .chain(() -> NativeSql.session().flatMap(session -> session.flush()));
    }

    Uni<E> entity(Object id) {
        return NativeSql.session().flatMap(session -> session.find(entity, id));
    }
}
