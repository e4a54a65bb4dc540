package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * SQL statements on the connection of the current Panache session, in its transaction: for the
 * tables without an entity (period steps, purchases, idempotency records) and PostgreSQL functions
 * (advisory locks, NOTIFY, the invoice number counter). Parameters are {@code ?1}, {@code ?2}…
 */
final class NativeSql {

    private NativeSql() {}

    static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** The rows of a query, each as its columns. */
    static Uni<List<Object[]>> rows(String sql, Object... params) {
        return session()
                .flatMap(session -> bind(session.createNativeQuery(sql, Object[].class), params)
                        .getResultList());
    }

    /** The one value of a query returning one row and one column. */
    static <T> Uni<T> value(String sql, Class<T> type, Object... params) {
        return session()
                .flatMap(session ->
                        bind(session.createNativeQuery(sql, type), params).getSingleResult());
    }

    /** Runs a statement; the number of rows it changed. */
    static Uni<Integer> execute(String sql, Object... params) {
        return session()
                .flatMap(session -> bind(session.createNativeQuery(sql), params).executeUpdate());
    }

    /** A timestamp column as the driver returned it, as an instant (null stays null). */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass().getSimpleName());
    }

    /** An instant as a timestamptz parameter. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Object... params) {
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query;
    }
}
