package dev.tally.invoice.store;

import dev.tally.invoice.domain.RegisteredKey;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * SQL of {@code api_key} and {@code api_key_revocation} (the reactive client: a handful of small
 * statements, no entity graph).
 */
@ApplicationScoped
public class ApiKeyStore {

    private static final String COLUMNS = "key_id, list_position, display_name, scopes, secret_sha256, create_time,"
            + " expire_time, last_used_time, revoke_time";

    private final Pool pool;

    ApiKeyStore(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction. */
    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    /** Inserts a key in the caller's transaction. */
    public Uni<RegisteredKey> insert(
            SqlClient tx,
            String keyId,
            byte[] secretSha256,
            String displayName,
            List<String> scopes,
            Instant now,
            Instant expireTime) {
        return insert(tx, keyId, secretSha256, displayName, scopes, now, expireTime, "");
    }

    /** Inserts a key unless its id exists (then null, and the stored key is left as it is). */
    public Uni<RegisteredKey> insertIfAbsent(
            String keyId, byte[] secretSha256, String displayName, List<String> scopes, Instant now) {
        return insert(pool, keyId, secretSha256, displayName, scopes, now, null, " ON CONFLICT (key_id) DO NOTHING");
    }

    private Uni<RegisteredKey> insert(
            SqlClient client,
            String keyId,
            byte[] secretSha256,
            String displayName,
            List<String> scopes,
            Instant now,
            Instant expireTime,
            String onConflict) {
        return client.preparedQuery(
                        "INSERT INTO api_key (key_id, display_name, scopes, secret_sha256, create_time, expire_time)"
                                + " VALUES ($1, $2, $3, $4, $5, $6)" + onConflict + " RETURNING " + COLUMNS)
                .execute(Tuple.of(
                                keyId, displayName, scopes.toArray(String[]::new), Buffer.buffer(secretSha256), at(now))
                        .addValue(at(expireTime)))
                .map(ApiKeyStore::single);
    }

    public Uni<RegisteredKey> find(String keyId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_key WHERE key_id = $1")
                .execute(Tuple.of(keyId))
                .map(ApiKeyStore::single);
    }

    /** Up to {@code limit} keys after list position {@code before} (null: from the newest), newest first. */
    public Uni<List<RegisteredKey>> list(Long before, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_key WHERE $1::BIGINT IS NULL OR list_position < $1"
                        + " ORDER BY list_position DESC LIMIT $2")
                .execute(Tuple.of(before, limit))
                .map(ApiKeyStore::all);
    }

    /**
     * Revokes {@code keyId} at {@code now} and records the revocation, unless it was revoked already,
     * in one transaction. Returns the key as it now is, or null for an unknown id.
     */
    public Uni<RegisteredKey> revoke(String keyId, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "UPDATE api_key SET revoke_time = $2 WHERE key_id = $1 AND revoke_time IS NULL RETURNING key_id")
                .execute(Tuple.of(keyId, at(now)))
                .flatMap(updated -> updated.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("INSERT INTO api_key_revocation (key_id, revoke_time) VALUES ($1, $2)")
                                .execute(Tuple.of(keyId, at(now)))
                                .replaceWithVoid())
                .flatMap(ignored -> tx.preparedQuery("SELECT " + COLUMNS + " FROM api_key WHERE key_id = $1")
                        .execute(Tuple.of(keyId))
                        .map(ApiKeyStore::single)));
    }

    /** The last revocation's sequence (0: none yet). */
    public Uni<Long> lastRevocation() {
        return pool.query("SELECT coalesce(max(sequence), 0) AS last FROM api_key_revocation")
                .execute()
                .map(rows -> rows.iterator().next().getLong("last"));
    }

    /** Revocations after {@code sequence}, oldest first, at most 1000. */
    public Uni<List<KeyRegistry.Revocation>> revocationsAfter(long sequence) {
        return pool.preparedQuery(
                        "SELECT sequence, key_id FROM api_key_revocation WHERE sequence > $1 ORDER BY sequence LIMIT 1000")
                .execute(Tuple.of(sequence))
                .map(rows -> {
                    List<KeyRegistry.Revocation> out = new ArrayList<>();
                    rows.forEach(
                            r -> out.add(new KeyRegistry.Revocation(r.getLong("sequence"), r.getString("key_id"))));
                    return out;
                });
    }

    /** Records a use at {@code now}, unless one was recorded within the last minute. */
    public Uni<Void> touch(String keyId, Instant now) {
        return pool.preparedQuery("UPDATE api_key SET last_used_time = $2 WHERE key_id = $1"
                        + " AND (last_used_time IS NULL OR last_used_time < $2::timestamptz - INTERVAL '1 minute')")
                .execute(Tuple.of(keyId, at(now)))
                .replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static RegisteredKey single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? key(it.next()) : null;
    }

    private static List<RegisteredKey> all(RowSet<Row> rows) {
        List<RegisteredKey> out = new ArrayList<>();
        rows.forEach(r -> out.add(key(r)));
        return out;
    }

    private static RegisteredKey key(Row row) {
        return new RegisteredKey(
                row.getString("key_id"),
                row.getLong("list_position"),
                row.getString("display_name"),
                Arrays.stream(row.getArrayOfStrings("scopes")).sorted().toList(),
                row.getBuffer("secret_sha256").getBytes(),
                instant(row, "create_time"),
                instant(row, "expire_time"),
                instant(row, "last_used_time"),
                instant(row, "revoke_time"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
