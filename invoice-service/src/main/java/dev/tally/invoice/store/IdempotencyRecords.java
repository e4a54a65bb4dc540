package dev.tally.invoice.store;

import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.idempotency.StoredRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The service-support idempotency records ({@code idempotency_record}, the kit's table unchanged)
 * written in the same transaction as the entities they guard. The kit's {@link IdempotencyStore}
 * runs on a Vert.x {@code SqlClient}; Hibernate Reactive does not hand out the connection of its
 * session, so the same two statements run here on the current Panache session, which shares the
 * entities' connection and transaction. What a record means is the kit's.
 */
@ApplicationScoped
public class IdempotencyRecords {

    private static final String FIND = "SELECT method, request_hash, response, resource_id, created_at"
            + " FROM idempotency_record WHERE scope = ?1 AND idempotency_key = ?2";
    private static final String INSERT = "INSERT INTO idempotency_record"
            + " (scope, idempotency_key, method, request_hash, response, resource_id, created_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

    /** The record at this key's slot, whatever it asked; null when the key is new. */
    public Uni<StoredRecord> find(RequestKey key) {
        return NativeSql.rows(FIND, key.scope(), key.key()).map(rows -> {
            if (rows.isEmpty()) {
                return null;
            }
            Object[] row = rows.get(0);
            return new StoredRecord(
                    (String) row[0], (byte[]) row[1], (byte[]) row[2], (String) row[3], NativeSql.instant(row[4]));
        });
    }

    /** Stores the response of an applied call under its key. */
    public Uni<Void> insert(RequestKey key, byte[] response, String resourceId, Instant at) {
        return NativeSql.execute(
                        INSERT,
                        key.scope(),
                        key.key(),
                        key.method(),
                        key.payloadHash(),
                        response,
                        resourceId,
                        NativeSql.timestamp(at))
                .replaceWithVoid();
    }
}
