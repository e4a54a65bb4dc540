package dev.tally.usage.store;

import dev.tally.support.store.Columns;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.WalletOp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wallet delivery outbox ({@code wallet_outbox}). Rows are written in the transaction of their
 * event; the replica that wrote them delivers them at once, holding them for the lease; any replica
 * claims due rows later (after a failure, a crash or a restart) with {@code FOR UPDATE SKIP LOCKED},
 * moving their {@code next_attempt_time} forward by the lease so that no other replica takes them
 * meanwhile. Only the oldest pending row of an event is claimed, so an event's calls reach the
 * wallet in order (debit, then its reversal).
 */
@ApplicationScoped
public class OutboxStore {

    static final String INSERT = "INSERT INTO wallet_outbox (event_id, customer_id, kind, request, status_after,"
            + " create_time, next_attempt_time)"
            + " SELECT e::uuid, c, k, r, s, $6, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::text[])"
            + " WITH ORDINALITY AS x(e, c, k, r, s, n) ORDER BY n"
            + " RETURNING outbox_id, event_id::text";
    static final String CLAIM = "UPDATE wallet_outbox o SET next_attempt_time = $2"
            + " FROM (SELECT c.outbox_id FROM wallet_outbox c WHERE c.next_attempt_time <= $1"
            + " AND NOT EXISTS (SELECT 1 FROM wallet_outbox p WHERE p.event_id = c.event_id AND p.outbox_id < c.outbox_id)"
            + " ORDER BY c.next_attempt_time, c.outbox_id LIMIT $3 FOR UPDATE SKIP LOCKED) due"
            + " WHERE o.outbox_id = due.outbox_id"
            + " RETURNING o.outbox_id, o.event_id::text, o.customer_id, o.kind, o.request, o.status_after, o.attempts,"
            + " (SELECT e.debit_id FROM usage_event e WHERE e.event_id = o.event_id)";
    static final String ACKNOWLEDGE = "UPDATE usage_event e SET"
            + " debit_status = CASE WHEN EXISTS (SELECT 1 FROM wallet_outbox o WHERE o.event_id = e.event_id"
            + " AND o.outbox_id <> ALL($7::int8[])) THEN 'PENDING' ELSE x.s END,"
            + " debit_id = CASE WHEN x.clr THEN NULL ELSE coalesce(x.d, e.debit_id) END,"
            + " debit_shortfall = CASE WHEN x.clr THEN NULL ELSE x.sf::numeric END,"
            + " balance_after = CASE WHEN x.clr THEN NULL ELSE x.ba::numeric END, debit_error = NULL"
            + " FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::text[])"
            + " AS x(id, s, clr, d, sf, ba) WHERE e.event_id = x.id::uuid";
    static final String REFUSE = "UPDATE usage_event e SET debit_status = 'FAILED', debit_error = x.err"
            + " FROM unnest($1::text[], $2::bytea[]) AS x(id, err) WHERE e.event_id = x.id::uuid";
    static final String DELETE = "DELETE FROM wallet_outbox WHERE outbox_id = ANY($1::int8[])";
    static final String RETRY =
            "UPDATE wallet_outbox o SET next_attempt_time = x.t::timestamptz, attempts = o.attempts + 1,"
                    + " last_error = x.err FROM unnest($1::int8[], $2::text[], $3::text[]) AS x(id, t, err)"
                    + " WHERE o.outbox_id = x.id";
    static final String REPLACE = "UPDATE wallet_outbox o SET kind = x.k, request = x.r"
            + " FROM unnest($1::int8[], $2::text[], $3::bytea[]) AS x(id, k, r) WHERE o.outbox_id = x.id";
    static final String DEPTH = "SELECT count(*), min(create_time) FROM wallet_outbox";

    private final Pool pool;

    OutboxStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes rows in the caller's transaction, leased to this replica for {@code lease} (it delivers
     * them at once); returns the row id per event.
     */
    public Uni<Map<UUID, Long>> insert(SqlClient tx, List<WalletOp> ops, Instant now, Duration lease) {
        if (ops.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Tuple params = Columns.of(ops)
                .text(WalletOp::eventId)
                .text(WalletOp::customerId)
                .text(op -> op.kind().name())
                .bytea(WalletOp::request)
                .text(op -> op.statusAfter().name())
                .value(now.atOffset(ZoneOffset.UTC))
                .value(now.plus(lease).atOffset(ZoneOffset.UTC))
                .tuple();
        return tx.preparedQuery(INSERT).execute(params).map(rows -> {
            Map<UUID, Long> ids = new HashMap<>();
            for (Row row : rows) {
                ids.put(UUID.fromString(row.getString(1)), row.getLong(0));
            }
            return ids;
        });
    }

    /** Claims up to {@code limit} due rows (one per event, the oldest) for {@code lease}. */
    public Uni<List<OutboxRow>> claim(Instant now, Duration lease, int limit) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), now.plus(lease).atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<OutboxRow> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new OutboxRow(
                                row.getLong(0),
                                UUID.fromString(row.getString(1)),
                                row.getString(2),
                                WalletOp.Kind.valueOf(row.getString(3)),
                                row.getBuffer(4).getBytes(),
                                DebitStatus.valueOf(row.getString(5)),
                                row.getInteger(6),
                                row.getString(7)));
                    }
                    return claimed;
                });
    }

    /** Records the results of a delivery in one transaction. */
    public Uni<Void> record(List<DeliveryResult> results) {
        List<DeliveryResult.Acknowledged> acknowledged = new ArrayList<>();
        List<DeliveryResult.Refused> refused = new ArrayList<>();
        List<DeliveryResult.Retry> retries = new ArrayList<>();
        List<DeliveryResult.Replaced> replaced = new ArrayList<>();
        for (DeliveryResult result : results) {
            if (result instanceof DeliveryResult.Acknowledged a) {
                acknowledged.add(a);
            } else if (result instanceof DeliveryResult.Refused r) {
                refused.add(r);
            } else if (result instanceof DeliveryResult.Retry r) {
                retries.add(r);
            } else if (result instanceof DeliveryResult.Replaced r) {
                replaced.add(r);
            }
        }
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> {
            List<Uni<Void>> writes = new ArrayList<>();
            List<Long> done = new ArrayList<>();
            if (!acknowledged.isEmpty()) {
                Long[] ids = acknowledged.stream().map(DeliveryResult::outboxId).toArray(Long[]::new);
                Tuple full = Tuple.tuple(List.of(
                        acknowledged.stream().map(a -> a.eventId().toString()).toArray(String[]::new),
                        acknowledged.stream().map(a -> a.statusAfter().name()).toArray(String[]::new),
                        acknowledged.stream()
                                .map(DeliveryResult.Acknowledged::clearsDebit)
                                .toArray(Boolean[]::new),
                        acknowledged.stream()
                                .map(DeliveryResult.Acknowledged::debitId)
                                .toArray(String[]::new),
                        acknowledged.stream().map(a -> text(a.shortfall())).toArray(String[]::new),
                        acknowledged.stream().map(a -> text(a.balanceAfter())).toArray(String[]::new),
                        ids));
                writes.add(tx.preparedQuery(ACKNOWLEDGE).execute(full).replaceWithVoid());
                done.addAll(List.of(ids));
            }
            if (!refused.isEmpty()) {
                writes.add(tx.preparedQuery(REFUSE)
                        .execute(Columns.of(refused)
                                .text(DeliveryResult.Refused::eventId)
                                .bytea(DeliveryResult.Refused::itemError)
                                .tuple())
                        .replaceWithVoid());
                refused.forEach(r -> done.add(r.outboxId()));
            }
            if (!done.isEmpty()) {
                writes.add(tx.preparedQuery(DELETE)
                        .execute(Tuple.of(done.toArray(Long[]::new)))
                        .replaceWithVoid());
            }
            if (!retries.isEmpty()) {
                writes.add(tx.preparedQuery(RETRY)
                        .execute(Tuple.of(
                                retries.stream().map(DeliveryResult::outboxId).toArray(Long[]::new),
                                retries.stream()
                                        .map(r -> r.nextAttempt().toString())
                                        .toArray(String[]::new),
                                retries.stream()
                                        .map(DeliveryResult.Retry::error)
                                        .toArray(String[]::new)))
                        .replaceWithVoid());
            }
            if (!replaced.isEmpty()) {
                writes.add(tx.preparedQuery(REPLACE)
                        .execute(Tuple.of(
                                replaced.stream().map(DeliveryResult::outboxId).toArray(Long[]::new),
                                replaced.stream().map(r -> r.kind().name()).toArray(String[]::new),
                                replaced.stream()
                                        .map(r -> Buffer.buffer(r.request()))
                                        .toArray(Buffer[]::new)))
                        .replaceWithVoid());
            }
            return Uni.join().all(writes).andFailFast().replaceWithVoid();
        });
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /** Rows waiting and the creation time of the oldest (null when empty). */
    public Uni<Depth> depth() {
        return pool.query(DEPTH).execute().map(rows -> {
            Row row = rows.iterator().next();
            var oldest = row.getOffsetDateTime(1);
            return new Depth(row.getLong(0), oldest == null ? null : oldest.toInstant());
        });
    }

    /** The outbox's size and age. */
    public record Depth(long rows, Instant oldestCreateTime) {}
}
