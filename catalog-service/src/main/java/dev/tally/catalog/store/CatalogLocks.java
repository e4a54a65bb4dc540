package dev.tally.catalog.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Cross-replica exclusion with transaction-scoped PostgreSQL advisory locks (released by commit,
 * rollback, or a dropped connection; never session-scoped on a pooled connection).
 */
public final class CatalogLocks {

    /** Held by a sync run from start to finish: one sync at a time across replicas. */
    static final long SYNC = 0x7A11_CA7A_0001L;
    /** Held while models and prices are written: serializes syncs' apply step and manual prices. */
    static final long CATALOG_WRITE = 0x7A11_CA7A_0002L;

    private CatalogLocks() {}

    /** Tries the sync lock without waiting: false when another sync is running somewhere. */
    public static Uni<Boolean> trySync(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(SYNC))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Waits for the catalog write lock (held only for the few seconds of a write). */
    public static Uni<Void> catalogWrite(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(CATALOG_WRITE))
                .replaceWithVoid();
    }
}
