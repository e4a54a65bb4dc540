package dev.tally.support.error;

import io.vertx.pgclient.PgException;

/**
 * What a PostgreSQL failure means, decided by its SQLSTATE ({@link PgException#getSqlState()}),
 * never by the exception's class name or message text. Every check looks through the whole cause
 * chain, so a failure wrapped by Mutiny or a {@code CompletionException} is still recognised.
 *
 * <table>
 * <caption>classes</caption>
 * <tr><th>check</th><th>SQLSTATE</th><th>what the caller does</th></tr>
 * <tr><td>{@link #isUniqueViolation}</td><td>23505 unique_violation</td><td>a concurrent writer won
 * (e.g. the same idempotency key from another replica): retry once, which then sees its row</td></tr>
 * <tr><td>{@link #isConcurrencyConflict}</td><td>40001 serialization_failure, 40P01
 * deadlock_detected</td><td>retry the whole transaction</td></tr>
 * <tr><td>{@link #isUnavailable}</td><td>class 08 (connection exception), 57P0x (admin / crash
 * shutdown, cannot connect now, database dropped, idle session timeout), 53300 too_many_connections,
 * and any error of severity FATAL or PANIC (the server ended the session, e.g. a database that does
 * not accept connections)</td><td>answer UNAVAILABLE: the call may be retried</td></tr>
 * </table>
 */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** Class 08: connection exceptions. */
    public static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 57P04, 57P05. */
    public static final String SHUTDOWN_PREFIX = "57P0";

    private static final int MAX_CAUSES = 32;

    private SqlStates() {}

    /** The first PostgreSQL error in the cause chain, or null. */
    public static PgException find(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof PgException pg) {
                return pg;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The SQLSTATE of the first PostgreSQL error in the cause chain, or null. */
    public static String of(Throwable failure) {
        PgException pg = find(failure);
        return pg == null ? null : pg.getSqlState();
    }

    /** 23505: a unique constraint refused a row. */
    public static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(of(failure));
    }

    /** 23505 raised by a unique constraint of {@code table} (PostgreSQL names the table in the error). */
    public static boolean isUniqueViolation(Throwable failure, String table) {
        PgException pg = find(failure);
        return pg != null && UNIQUE_VIOLATION.equals(pg.getSqlState()) && table.equals(pg.getTable());
    }

    /** 40001 or 40P01: the transaction lost to a concurrent one and may be run again. */
    public static boolean isConcurrencyConflict(Throwable failure) {
        String state = of(failure);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state);
    }

    /** The database cannot serve the call now (see the class comment); retrying later may succeed. */
    public static boolean isUnavailable(Throwable failure) {
        PgException pg = find(failure);
        if (pg == null) {
            return false;
        }
        String state = pg.getSqlState();
        if (state != null
                && (state.startsWith(CONNECTION_EXCEPTION_CLASS)
                        || state.startsWith(SHUTDOWN_PREFIX)
                        || TOO_MANY_CONNECTIONS.equals(state))) {
            return true;
        }
        return "FATAL".equals(pg.getSeverity()) || "PANIC".equals(pg.getSeverity());
    }
}
