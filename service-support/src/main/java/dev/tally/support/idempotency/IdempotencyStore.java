package dev.tally.support.idempotency;

import com.google.protobuf.MessageLite;
import dev.tally.support.error.SqlStates;
import dev.tally.support.error.TallyException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Idempotency records in the service's own table (created by its Flyway migration from
 * {@code idempotency_record.sql} beside this class), read and written on the caller's connection,
 * in the same transaction as the change they guard: a record exists exactly when its change
 * committed.
 * <ul>
 * <li>Unary: {@link #once} = find → replay, refuse, or apply the change and insert the record.</li>
 * <li>Batch: {@link #openBatch} finds N keys with one statement, {@link IdempotentBatch} decides per
 * item, {@link #closeBatch} inserts the new records with one statement ({@code unnest} of arrays).</li>
 * <li>Race: two replicas may both find nothing for the same key; the second insert waits for the
 * first transaction and then fails with a unique violation on this table. {@link #retryOnRace} runs
 * the whole transaction once more, and the retry replays the committed record. (A caller that
 * already serialises a scope, e.g. by locking the customer's row first, never sees the race.)</li>
 * </ul>
 * Records are kept until a service prunes them; a retry after pruning would apply again.
 */
@Singleton
public final class IdempotencyStore {

    public static final String DEFAULT_TABLE = "idempotency_record";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final String COLUMNS = "method, request_hash, response, resource_id, created_at";

    private final String table;
    private final String find;
    private final String findAll;
    private final String insert;
    private final String insertAll;

    public IdempotencyStore() {
        this(DEFAULT_TABLE);
    }

    /** @param table the record table (optionally schema-qualified), shaped as in {@code idempotency_record.sql} */
    public IdempotencyStore(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        this.table = table;
        this.find = "SELECT " + COLUMNS + " FROM " + table + " WHERE scope = $1 AND idempotency_key = $2";
        // One index probe per key (LATERAL ... LIMIT 1 keeps the planner from scanning per key).
        this.findAll = "SELECT k.scope, k.idempotency_key, r." + COLUMNS.replace(", ", ", r.")
                + " FROM unnest($1::text[], $2::text[]) AS k(scope, idempotency_key)"
                + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM " + table
                + " WHERE scope = k.scope AND idempotency_key = k.idempotency_key LIMIT 1) r";
        this.insert = "INSERT INTO " + table + " (scope, idempotency_key, " + COLUMNS + ")"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7)";
        this.insertAll = "INSERT INTO " + table + " (scope, idempotency_key, " + COLUMNS + ")"
                + " SELECT s, k, m, h, r, id, $7"
                + " FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bytea[], $6::text[])"
                + " AS x(s, k, m, h, r, id)";
    }

    /** A record to insert: the call's key, the serialised response, and the resource it concerns (or null). */
    public record NewRecord(RequestKey key, byte[] response, String resourceId) {}

    /** The record at this key's slot, whatever it asked; null when the key is new. */
    public Uni<StoredRecord> find(SqlClient client, RequestKey.Slot slot) {
        return client.preparedQuery(find)
                .execute(Tuple.of(slot.scope(), slot.key()))
                .map(rows -> rows.size() == 0 ? null : record(rows.iterator().next(), 0));
    }

    /** The records at these slots, with one statement; slots without a record are absent. */
    public Uni<Map<RequestKey.Slot, StoredRecord>> findAll(SqlClient client, Collection<RequestKey.Slot> slots) {
        if (slots.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] scopes = slots.stream().map(RequestKey.Slot::scope).toArray(String[]::new);
        String[] keys = slots.stream().map(RequestKey.Slot::key).toArray(String[]::new);
        return client.preparedQuery(findAll).execute(Tuple.of(scopes, keys)).map(rows -> {
            Map<RequestKey.Slot, StoredRecord> found = new HashMap<>();
            for (Row row : rows) {
                found.put(new RequestKey.Slot(row.getString(0), row.getString(1)), record(row, 2));
            }
            return found;
        });
    }

    /** Inserts one record; fails with a unique violation ({@link #isRace}) when another call stored the slot. */
    public Uni<Void> insert(SqlClient tx, NewRecord record, Instant at) {
        RequestKey key = record.key();
        return tx.preparedQuery(insert)
                .execute(Tuple.tuple(List.of(
                                key.scope(),
                                key.key(),
                                key.method(),
                                Buffer.buffer(key.payloadHash()),
                                Buffer.buffer(record.response())))
                        .addString(record.resourceId())
                        .addOffsetDateTime(timestamp(at)))
                .replaceWithVoid();
    }

    /** Inserts the records with one statement. */
    public Uni<Void> insertAll(SqlClient tx, Collection<NewRecord> records, Instant at) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<NewRecord> rows = List.copyOf(records);
        Tuple params = Tuple.of(
                rows.stream().map(r -> r.key().scope()).toArray(String[]::new),
                rows.stream().map(r -> r.key().key()).toArray(String[]::new),
                rows.stream().map(r -> r.key().method()).toArray(String[]::new),
                rows.stream().map(r -> Buffer.buffer(r.key().payloadHash())).toArray(Buffer[]::new),
                rows.stream().map(r -> Buffer.buffer(r.response())).toArray(Buffer[]::new),
                rows.stream().map(NewRecord::resourceId).toArray(String[]::new));
        return tx.preparedQuery(insertAll)
                .execute(params.addOffsetDateTime(timestamp(at)))
                .replaceWithVoid();
    }

    /**
     * One idempotent call on the caller's transaction: replays the stored response (same request),
     * refuses a reused key (ALREADY_EXISTS, nothing changes), or runs {@code change} and stores its
     * response with the key. Run it inside {@link #retryOnRace}:
     * <pre>{@code
     * store.retryOnRace(() -> pool.withTransaction(tx -> store.once(tx, key, DEBIT, clock.instant(),
     *         () -> applyDebit(tx, command))))
     * }</pre>
     */
    public <P extends MessageLite> Uni<Reply<P>> once(
            SqlClient tx, RequestKey key, Replies<P> replies, Instant at, Supplier<Uni<P>> change) {
        return onceWithResource(tx, key, replies, at, () -> change.get().map(p -> new Reply<>(p, false, null)));
    }

    /** {@link #once} for a change that also names the resource it concerns ({@link Reply#resourceId()}). */
    public <P extends MessageLite> Uni<Reply<P>> onceWithResource(
            SqlClient tx, RequestKey key, Replies<P> replies, Instant at, Supplier<Uni<Reply<P>>> change) {
        return find(tx, key.slot()).flatMap(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(replay(key, stored, replies));
            }
            return change.get()
                    .call(applied -> insert(
                            tx, new NewRecord(key, replies.serialise(applied.response()), applied.resourceId()), at));
        });
    }

    /** Finds the batch's records with one statement and decides its items against them. */
    public <P extends MessageLite> Uni<IdempotentBatch<P>> openBatch(
            SqlClient tx, Collection<RequestKey> keys, Replies<P> replies) {
        return findAll(tx, keys.stream().map(RequestKey::slot).distinct().toList())
                .map(found -> new IdempotentBatch<>(found, replies));
    }

    /** Inserts the records of the items the batch applied, with one statement. */
    public Uni<Void> closeBatch(SqlClient tx, IdempotentBatch<?> batch, Instant at) {
        return insertAll(tx, batch.newRecords(), at);
    }

    /**
     * Runs {@code transaction}, and once more when it lost the race for a key to a concurrent call
     * (a unique violation on this table): the second run finds the winner's record and replays it.
     */
    public <T> Uni<T> retryOnRace(Supplier<Uni<T>> transaction) {
        return Uni.createFrom()
                .deferred(transaction::get)
                .onFailure(this::isRace)
                .recoverWithUni(() -> Uni.createFrom().deferred(transaction::get));
    }

    /** A unique violation raised by this store's table (not by the caller's own tables). */
    public boolean isRace(Throwable failure) {
        String name = table.substring(table.indexOf('.') + 1);
        return SqlStates.isUniqueViolation(failure, name);
    }

    /** The stored response marked duplicate when {@code key} asks the same; ALREADY_EXISTS otherwise. */
    static <P extends MessageLite> Reply<P> replay(RequestKey key, StoredRecord stored, Replies<P> replies) {
        if (!key.sameRequestAs(stored)) {
            throw TallyException.idempotencyKeyReused(key.key());
        }
        return new Reply<>(replies.replay(stored.response()), true, stored.resourceId());
    }

    private static StoredRecord record(Row row, int first) {
        OffsetDateTime created = row.getOffsetDateTime(first + 4);
        return new StoredRecord(
                row.getString(first),
                row.getBuffer(first + 1).getBytes(),
                row.getBuffer(first + 2).getBytes(),
                row.getString(first + 3),
                created == null ? null : created.toInstant());
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
