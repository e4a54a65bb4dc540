package dev.tally.invoice.auth;

import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.KeyRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of {@code api_key} and {@code api_key_revocation} (the reactive client: a handful of small
 * statements, no entity graph).
 */
@ApplicationScoped
public class ApiKeyStore {

    private final Pool pool;

    ApiKeyStore(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    /** Inserts a key; with {@code ifAbsent} an existing key id is left as it is (null is returned). */
    Uni<ApiKeyRow> insert(SqlClient client, ApiKey key, String displayName, List<String> scopes, Instant now,
                          Instant expireTime, boolean ifAbsent) {
        return client.preparedQuery("INSERT INTO api_key (key_id, display_name, scopes, secret_sha256, create_time, expire_time)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)" + (ifAbsent ? " ON CONFLICT (key_id) DO NOTHING" : "")
                        + " RETURNING " + ApiKeyRow.COLUMNS)
                .execute(Tuple.of(key.keyId(), displayName, scopes.toArray(String[]::new), Buffer.buffer(key.secretHash()),
                        at(now)).addValue(at(expireTime)))
                .map(ApiKeyStore::single);
    }

    Uni<ApiKeyRow> find(String keyId) {
        return pool.preparedQuery("SELECT " + ApiKeyRow.COLUMNS + " FROM api_key WHERE key_id = $1")
                .execute(Tuple.of(keyId)).map(ApiKeyStore::single);
    }

    /** Up to {@code limit} keys after list position {@code before} (null: from the newest), newest first. */
    Uni<List<ApiKeyRow>> list(Long before, int limit) {
        return pool.preparedQuery("SELECT " + ApiKeyRow.COLUMNS + " FROM api_key WHERE $1::BIGINT IS NULL OR list_position < $1"
                        + " ORDER BY list_position DESC LIMIT $2")
                .execute(Tuple.of(before, limit)).map(ApiKeyStore::all);
    }

    /**
     * Revokes {@code keyId} at {@code now} and records the revocation, unless it was revoked already.
     * Returns the key as it now is, or null for an unknown id.
     */
    Uni<ApiKeyRow> revoke(SqlClient tx, String keyId, Instant now) {
        return tx.preparedQuery("UPDATE api_key SET revoke_time = $2 WHERE key_id = $1 AND revoke_time IS NULL RETURNING key_id")
                .execute(Tuple.of(keyId, at(now)))
                .flatMap(updated -> updated.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("INSERT INTO api_key_revocation (key_id, revoke_time) VALUES ($1, $2)")
                        .execute(Tuple.of(keyId, at(now))).replaceWithVoid())
                .flatMap(ignored -> tx.preparedQuery("SELECT " + ApiKeyRow.COLUMNS + " FROM api_key WHERE key_id = $1")
                        .execute(Tuple.of(keyId)).map(ApiKeyStore::single));
    }

    /** The last revocation's sequence (0: none yet). */
    Uni<Long> lastRevocation() {
        return pool.query("SELECT coalesce(max(sequence), 0) AS last FROM api_key_revocation").execute()
                .map(rows -> rows.iterator().next().getLong("last"));
    }

    /** Revocations after {@code sequence}, oldest first, at most 1000. */
    Uni<List<KeyRegistry.Revocation>> revocationsAfter(long sequence) {
        return pool.preparedQuery("SELECT sequence, key_id FROM api_key_revocation WHERE sequence > $1 ORDER BY sequence LIMIT 1000")
                .execute(Tuple.of(sequence))
                .map(rows -> {
                    List<KeyRegistry.Revocation> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new KeyRegistry.Revocation(r.getLong("sequence"), r.getString("key_id"))));
                    return out;
                });
    }

    /** Records a use at {@code now}, unless one was recorded within the last minute. */
    Uni<Void> touch(String keyId, Instant now) {
        return pool.preparedQuery("UPDATE api_key SET last_used_time = $2 WHERE key_id = $1"
                        + " AND (last_used_time IS NULL OR last_used_time < $2 - INTERVAL '1 minute')")
                .execute(Tuple.of(keyId, at(now))).replaceWithVoid();
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static ApiKeyRow single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? ApiKeyRow.of(it.next()) : null;
    }

    private static List<ApiKeyRow> all(RowSet<Row> rows) {
        List<ApiKeyRow> out = new ArrayList<>();
        rows.forEach(r -> out.add(ApiKeyRow.of(r)));
        return out;
    }
}
