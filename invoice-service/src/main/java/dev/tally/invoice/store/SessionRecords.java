package dev.tally.invoice.store;

import com.google.protobuf.MessageLite;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.idempotency.StoredRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

/**
 * The service-support idempotency records ({@code idempotency_record}, the kit's table unchanged)
 * written in the same transaction as the entities they guard. The kit's {@link IdempotencyStore}
 * runs on a Vert.x {@code SqlClient}; Hibernate Reactive does not hand out the connection of its
 * session, so the same two statements run here as native queries of the current Panache session,
 * which shares the entities' connection and transaction. What a record means is the kit's:
 * {@link RequestKey#sameRequestAs}, {@link Replies} and {@link IdempotencyStore#retryOnRace}.
 */
public final class SessionRecords {

    private static final String FIND = "SELECT method, request_hash, response, resource_id, created_at"
            + " FROM idempotency_record WHERE scope = ?1 AND idempotency_key = ?2";
    private static final String INSERT = "INSERT INTO idempotency_record"
            + " (scope, idempotency_key, method, request_hash, response, resource_id, created_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    private static final IdempotencyStore KIT = new IdempotencyStore();

    private SessionRecords() {
    }

    /**
     * In the current transaction: replays the stored response of the same request, refuses a
     * reused key (ALREADY_EXISTS), or runs {@code change} and stores its response under the key.
     */
    public static <P extends MessageLite> Uni<Reply<P>> once(RequestKey key, Replies<P> replies, Instant at,
                                                             Supplier<Uni<P>> change) {
        return find(key).flatMap(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(replay(key, stored, replies));
            }
            return change.get().call(response -> insert(key, replies.serialise(response), null, at))
                    .map(response -> new Reply<>(response, false, null));
        });
    }

    /** The stored answer to this key, or null when the key is new (ALREADY_EXISTS when it asked something else). */
    public static <P extends MessageLite> Uni<Reply<P>> replayOf(RequestKey key, Replies<P> replies) {
        return find(key).map(stored -> stored == null ? null : replay(key, stored, replies));
    }

    /** Stores the response of an applied call. */
    public static Uni<Void> insert(RequestKey key, byte[] response, String resourceId, Instant at) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                .setParameter(1, key.scope()).setParameter(2, key.key()).setParameter(3, key.method())
                .setParameter(4, key.payloadHash()).setParameter(5, response).setParameter(6, resourceId)
                .setParameter(7, at.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** Runs the transaction once more when a concurrent call with the same key committed first. */
    public static <T> Uni<T> retryOnRace(Supplier<Uni<T>> transaction) {
        return KIT.retryOnRace(transaction);
    }

    private static <P extends MessageLite> Reply<P> replay(RequestKey key, StoredRecord stored, Replies<P> replies) {
        if (!key.sameRequestAs(stored)) {
            throw TallyException.idempotencyKeyReused(key.key());
        }
        return new Reply<>(replies.replay(stored.response()), true, stored.resourceId());
    }

    private static Uni<StoredRecord> find(RequestKey key) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FIND, Object[].class)
                .setParameter(1, key.scope()).setParameter(2, key.key())
                .getResultList()).map(SessionRecords::record);
    }

    private static StoredRecord record(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new StoredRecord((String) row[0], (byte[]) row[1], (byte[]) row[2], (String) row[3], instant(row[4]));
    }

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
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass().getSimpleName());
    }

    /** The session's native statements, for other helpers of this package. */
    static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
