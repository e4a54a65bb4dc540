package dev.tally.catalog.store;

import dev.tally.catalog.idempotency.IdempotencyKey;
import dev.tally.support.error.TallyException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Client idempotency keys, unique in the database (written in the transaction of the change). */
@ApplicationScoped
public class IdempotencyStore {

    /** What an earlier call with the key asked and got: its stored response, or the run it concerned. */
    public record Stored(String operation, byte[] requestHash, byte[] response, UUID syncRunId) {
    }

    /** The earlier call with this key, or null. */
    public Uni<Stored> find(SqlClient client, String key) {
        return client.preparedQuery("SELECT operation, request_hash, response, sync_run_id FROM idempotency_record "
                        + "WHERE idempotency_key = $1").execute(Tuple.of(key))
                .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
    }

    /**
     * The earlier call with this key when it asked the same thing (a replay), null when the key is
     * new; ALREADY_EXISTS when the key was used for something else.
     */
    public Uni<Stored> replayOf(SqlClient client, IdempotencyKey key) {
        return find(client, key.key()).invoke(stored -> {
            if (stored != null) {
                key.requireSameRequest(stored.operation(), stored.requestHash());
            }
        });
    }

    /**
     * Records the key with the change. Another call that stored the same key meanwhile (possible
     * only across operations: each operation serializes its own calls) → ALREADY_EXISTS.
     */
    public Uni<Void> insert(SqlConnection tx, IdempotencyKey key, byte[] response, UUID syncRunId, Instant now) {
        return tx.preparedQuery("INSERT INTO idempotency_record (idempotency_key, operation, request_hash, response, "
                        + "sync_run_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.tuple().addString(key.key()).addString(key.operation())
                        .addValue(Buffer.buffer(key.requestHash())).addValue(response == null ? null : Buffer.buffer(response))
                        .addUUID(syncRunId).addOffsetDateTime(Sql.ts(now)))
                .onFailure(Sql::isUniqueViolation).transform(f -> TallyException.idempotencyKeyReused(key.key()))
                .replaceWithVoid();
    }

    private static Stored stored(Row r) {
        return new Stored(r.getString("operation"), r.getBuffer("request_hash").getBytes(),
                r.getBuffer("response") == null ? null : r.getBuffer("response").getBytes(), r.getUUID("sync_run_id"));
    }
}
