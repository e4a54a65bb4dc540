package dev.tally.wallet.store;

import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.Grant;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.LowBalanceCrossing;
import dev.tally.wallet.domain.OperationKind;
import dev.tally.wallet.domain.StoredOperation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The SQL of one write transaction: lock wallets, read idempotency records and balances, write
 * what the balance books decided. Every wallet write goes through here. Statements that do not
 * depend on each other's results are pipelined (see {@link #pipelined}).
 * <p>
 * It uses the reactive PostgreSQL client directly, not Panache: DebitBatch, the hot path, must
 * write a whole batch with one set-based statement per table ({@code unnest} of array
 * parameters) and one balance update per wallet, which entity-at-a-time persistence cannot do.
 */
final class WalletSession {

    private static final String CREATE_WALLETS = "INSERT INTO wallet (customer_id, created_at)"
            + " SELECT c, $2 FROM unnest($1::text[]) AS c ORDER BY c ON CONFLICT DO NOTHING";
    /** Rows are locked in customer_id order, the same in every transaction: no deadlock. */
    private static final String LOCK_WALLETS = "SELECT customer_id FROM wallet WHERE customer_id = ANY($1::text[])"
            + " ORDER BY customer_id FOR UPDATE";
    /*
     * Reads by key drive from the keys: one index probe per key through a LATERAL subquery that
     * LIMIT / OFFSET 0 keep from being flattened, so no statistics (a fresh or fast-growing table)
     * can turn them into a scan of the table per key.
     */
    private static final String FIND_OPERATIONS = "SELECT k.customer_id, k.idempotency_key, o.request_hash, o.response"
            + " FROM unnest($1::text[], $2::text[]) AS k(customer_id, idempotency_key)"
            + " CROSS JOIN LATERAL (SELECT request_hash, response FROM operation"
            + " WHERE customer_id = k.customer_id AND idempotency_key = k.idempotency_key LIMIT 1) o";
    private static final String KEYS = " FROM unnest($1::text[], $2::text[]) AS k(customer_id, currency_code)"
            + " CROSS JOIN LATERAL (SELECT * FROM ";
    private static final String LOAD_BALANCES = "SELECT " + Rows.BALANCE_COLUMNS + KEYS
            + "balance WHERE customer_id = k.customer_id AND currency_code = k.currency_code LIMIT 1) b";
    private static final String LOAD_GRANTS = "SELECT " + Rows.GRANT_COLUMNS + KEYS + "wallet_grant g"
            + " WHERE g.customer_id = k.customer_id AND g.currency_code = k.currency_code AND " + Rows.LIVE_GRANT
            + " OFFSET 0) g";
    private static final String INSERT_BALANCES = "INSERT INTO balance (customer_id, currency_code, granted, shortfall,"
            + " version, low_balance_threshold, updated_at)"
            + " SELECT c, u, g::numeric, s::numeric, v, t::numeric, $7"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[]) AS x(c, u, g, s, v, t)";
    private static final String UPDATE_BALANCES = "UPDATE balance b SET granted = x.g::numeric,"
            + " shortfall = x.s::numeric, version = x.v, low_balance_threshold = x.t::numeric, updated_at = $7"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[]) AS x(c, u, g, s, v, t)"
            + " WHERE b.customer_id = x.c AND b.currency_code = x.u";
    private static final String INSERT_GRANTS = "INSERT INTO wallet_grant (grant_id, customer_id, currency_code, source,"
            + " original_amount, remaining_amount, expires_at, priority, period_reference, reference, description,"
            + " created_version, created_at)"
            + " SELECT id::uuid, c, u, src, orig::numeric, rem::numeric, exp::timestamptz, prio, per, ref, descr, v, $13"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
            + " $8::int8[], $9::text[], $10::text[], $11::text[], $12::int8[])"
            + " AS x(id, c, u, src, orig, rem, exp, prio, per, ref, descr, v)";
    private static final String UPDATE_GRANTS = "UPDATE wallet_grant g SET remaining_amount = x.rem::numeric,"
            + " expired_at = x.expired::timestamptz"
            + " FROM unnest($1::text[], $2::text[], $3::text[]) AS x(id, rem, expired) WHERE g.grant_id = x.id::uuid";
    private static final String INSERT_ENTRIES = "INSERT INTO ledger_entry (customer_id, currency_code, entry_type,"
            + " amount, balance_after, shortfall_after, balance_version, grant_id, operation_id, reference,"
            + " idempotency_key, description, metadata, created_at)"
            + " SELECT c, u, t, amt::numeric, bal::numeric, sf::numeric, v, gid::uuid, op::uuid, ref, ik, descr,"
            + " meta::jsonb, $14"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[],"
            + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])"
            + " WITH ORDINALITY AS x(c, u, t, amt, bal, sf, v, gid, op, ref, ik, descr, meta, ord) ORDER BY ord";
    private static final String INSERT_CROSSINGS = "INSERT INTO low_balance_event (customer_id, currency_code,"
            + " threshold, available, balance_version, created_at)"
            + " SELECT c, u, t::numeric, a::numeric, v, $6"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[]) AS x(c, u, t, a, v)";
    private static final String INSERT_OPERATIONS = "INSERT INTO operation (customer_id, idempotency_key, operation_id,"
            + " kind, request_hash, response, created_at)"
            + " SELECT c, k, op::uuid, kind, h, r, $7"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bytea[])"
            + " AS x(c, k, op, kind, h, r)";
    private static final String NOTIFY = "SELECT pg_notify('" + BalanceNotifications.CHANNEL + "', p)"
            + " FROM unnest($1::text[]) AS p";

    private final SqlConnection connection;

    WalletSession(SqlConnection connection) {
        this.connection = connection;
    }

    /** Creates the wallets that do not exist yet (in customer order, like the locks). */
    Uni<Void> createWallets(Collection<String> customerIds, Instant at) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(CREATE_WALLETS)
                .execute(Tuple.of(customerIds.toArray(String[]::new), Rows.timestamp(at))).replaceWithVoid();
    }

    /** Locks the wallets of these customers until the transaction ends; returns those that exist. */
    Uni<Set<String>> lockWallets(Collection<String> customerIds) {
        return connection.preparedQuery(LOCK_WALLETS).execute(Tuple.of(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> locked = new HashSet<>();
                    rows.forEach(row -> locked.add(row.getString(0)));
                    return locked;
                });
    }

    Uni<Map<OperationKey, StoredOperation>> findOperations(Collection<OperationKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(FIND_OPERATIONS)
                .execute(Columns.of(keys).text(OperationKey::customerId).text(OperationKey::idempotencyKey).tuple())
                .map(rows -> {
                    Map<OperationKey, StoredOperation> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(new OperationKey(row.getString(0), row.getString(1)),
                                new StoredOperation(row.getBuffer(2).getBytes(), row.getBuffer(3).getBytes()));
                    }
                    return found;
                });
    }

    /** The stored balances (with live grants) among these keys; keys without a balance are absent. */
    Uni<Map<BalanceKey, BalanceBook>> loadBooks(Collection<BalanceKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        Tuple params = Columns.of(keys).text(BalanceKey::customerId).text(BalanceKey::unit).tuple();
        return Uni.combine().all()
                .unis(connection.preparedQuery(LOAD_BALANCES).execute(params),
                        connection.preparedQuery(LOAD_GRANTS).execute(params))
                .with((balances, grants) -> {
                    Map<BalanceKey, BalanceBook> books = new HashMap<>();
                    Rows.balances(balances, grants).forEach((key, view) -> books.put(key, BalanceBook.of(view)));
                    return books;
                });
    }

    /**
     * Writes what the books decided (balances, grants, ledger entries, low-balance crossings) and
     * the new idempotency records, then announces the changed wallets on the NOTIFY channel (sent
     * by PostgreSQL at commit only).
     */
    Uni<Void> save(Collection<BalanceBook> books, List<NewOperation> operations, Instant at) {
        List<BalanceBook> changed = books.stream().filter(BalanceBook::isChanged).toList();
        List<BalanceView> inserted = changed.stream().filter(BalanceBook::isNew).map(BalanceBook::view).toList();
        List<BalanceView> updated = changed.stream().filter(b -> !b.isNew()).map(BalanceBook::view).toList();
        List<Grant> newGrants = changed.stream().flatMap(b -> b.createdGrants().stream()).toList();
        List<Grant> changedGrants = changed.stream().flatMap(b -> b.updatedGrants().stream()).toList();
        List<LedgerEntry> entries = changed.stream().flatMap(b -> b.entries().stream()).toList();
        List<LowBalanceCrossing> crossings = changed.stream().flatMap(b -> b.crossings().stream()).toList();
        Set<String> customers = new TreeSet<>();
        changed.forEach(b -> customers.add(b.customerId()));
        List<Uni<Void>> writes = new ArrayList<>();
        execute(writes, INSERT_BALANCES, inserted, () -> balanceColumns(inserted, at));
        execute(writes, UPDATE_BALANCES, updated, () -> balanceColumns(updated, at));
        execute(writes, INSERT_GRANTS, newGrants, () -> Columns.of(newGrants)
                .text(Grant::id).text(Grant::customerId).text(Grant::unit).text(Grant::source)
                .text(Grant::originalAmount).text(Grant::remainingAmount).text(Grant::expiresAt)
                .int8(Grant::priority).text(Grant::periodReference).text(Grant::reference)
                .text(Grant::description).int8(Grant::createdVersion).value(Rows.timestamp(at)).tuple());
        execute(writes, UPDATE_GRANTS, changedGrants, () -> Columns.of(changedGrants)
                .text(Grant::id).text(Grant::remainingAmount).text(Grant::expiredAt).tuple());
        execute(writes, INSERT_ENTRIES, entries, () -> Columns.of(entries)
                .text(LedgerEntry::customerId).text(LedgerEntry::unit).text(LedgerEntry::type)
                .text(LedgerEntry::amount).text(LedgerEntry::balanceAfter).text(LedgerEntry::shortfallAfter)
                .int8(LedgerEntry::version).text(LedgerEntry::grantId).text(LedgerEntry::operationId)
                .text(LedgerEntry::reference).text(LedgerEntry::idempotencyKey).text(LedgerEntry::description)
                .text(e -> e.metadata().isEmpty() ? null : new JsonObject(new LinkedHashMap<>(e.metadata())).encode())
                .value(Rows.timestamp(at)).tuple());
        execute(writes, INSERT_CROSSINGS, crossings, () -> Columns.of(crossings)
                .text(LowBalanceCrossing::customerId).text(LowBalanceCrossing::unit)
                .text(LowBalanceCrossing::threshold).text(LowBalanceCrossing::available)
                .int8(LowBalanceCrossing::version).value(Rows.timestamp(at)).tuple());
        execute(writes, INSERT_OPERATIONS, operations, () -> Columns.of(operations)
                .text(o -> o.key().customerId()).text(o -> o.key().idempotencyKey())
                .text(NewOperation::operationId).text(NewOperation::kind)
                .bytea(NewOperation::requestHash).bytea(NewOperation::response)
                .value(Rows.timestamp(at)).tuple());
        execute(writes, NOTIFY, customers, () -> Tuple.of(BalanceNotifications.payloads(customers).toArray(String[]::new)));
        return pipelined(writes);
    }

    /**
     * Sends the statements at once, in order, on the transaction's connection (the client pipelines
     * them: one round trip instead of one per statement; PostgreSQL runs them in order).
     */
    static Uni<Void> pipelined(List<Uni<Void>> statements) {
        return statements.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    private static Tuple balanceColumns(List<BalanceView> balances, Instant at) {
        return Columns.of(balances).text(BalanceView::customerId).text(BalanceView::unit).text(BalanceView::granted)
                .text(BalanceView::shortfall).int8(BalanceView::version).text(BalanceView::threshold)
                .value(Rows.timestamp(at)).tuple();
    }

    private void execute(List<Uni<Void>> writes, String sql, Collection<?> rows, Supplier<Tuple> params) {
        if (!rows.isEmpty()) {
            writes.add(connection.preparedQuery(sql).execute(params.get()).replaceWithVoid());
        }
    }

    /** An idempotency record to insert: the call's key, kind, request fingerprint and response. */
    record NewOperation(OperationKey key, UUID operationId, OperationKind kind, byte[] requestHash, byte[] response) {
    }
}
