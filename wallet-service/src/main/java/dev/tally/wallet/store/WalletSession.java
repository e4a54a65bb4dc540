package dev.tally.wallet.store;

import dev.tally.support.store.Columns;
import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.BalanceKey;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.DebitRecord;
import dev.tally.wallet.domain.ExpireHoldCommand;
import dev.tally.wallet.domain.Grant;
import dev.tally.wallet.domain.Hold;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.LowBalanceCrossing;
import dev.tally.wallet.domain.Needs;
import dev.tally.wallet.domain.Reversal;
import dev.tally.wallet.domain.Shortfall;
import dev.tally.wallet.domain.ShortfallTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SQL of one write transaction: begin, lock wallets, read balances (with what their commands
 * need), write what the balance books decided, commit. Every wallet write goes through here; the
 * application layer ({@code app.WalletWrites}) decides what to send when, and reads and writes the
 * idempotency records on the same connection ({@link #records()}).
 * <p>
 * It uses the reactive PostgreSQL client directly, not Panache, and its plain Vert.x API rather
 * than the Mutiny one: a unary Debit is a few statements and DebitBatch, the hot path, must write a
 * whole batch with one set-based statement per table ({@code unnest} of array parameters) and one
 * balance update per wallet, which entity-at-a-time persistence cannot do; and each Mutiny stage
 * costs a context capture per statement, which a call at a fraction of a millisecond notices.
 * <p>
 * Round trips: statements that do not depend on each other's results are sent together (the client
 * pipelines them on the connection; PostgreSQL runs them in order). {@code BEGIN} goes out with
 * the lock and the reads, {@code COMMIT} with the writes ({@link #saveAndCommit}), so a call that
 * opens no wallet takes two round trips. A failed statement aborts the transaction, and PostgreSQL
 * answers the {@code COMMIT} that follows it with a rollback; the caller sees the failure.
 */
public final class WalletSession {

    private static final String CREATE_WALLETS = "INSERT INTO wallet (customer_id, create_time)"
            + " SELECT c, $2 FROM unnest($1::text[]) AS c ORDER BY c ON CONFLICT DO NOTHING";
    /** Rows are locked in customer_id order, the same in every transaction: no deadlock. */
    private static final String LOCK_WALLETS =
            "SELECT customer_id FROM wallet WHERE customer_id = ANY($1::text[])" + " ORDER BY customer_id FOR UPDATE";
    /*
     * Reads by key drive from the keys: one index probe per key through a LATERAL subquery that
     * LIMIT / OFFSET 0 keep from being flattened, so no statistics (a fresh or fast-growing table)
     * can turn them into a scan of the table per key.
     */
    private static final String KEYS = " FROM unnest($1::text[], $2::text[]) AS k(customer_id, currency_code)"
            + " CROSS JOIN LATERAL (SELECT * FROM ";
    private static final String OF_KEY = " WHERE customer_id = k.customer_id AND currency_code = k.currency_code";
    /** Balances with their open grants: one row per grant (or one without when a balance has none). */
    private static final String LOAD_BALANCES = "SELECT " + Rows.BALANCE_AND_GRANT_COLUMNS + KEYS + "balance" + OF_KEY
            + " LIMIT 1) b LEFT JOIN LATERAL (SELECT * FROM wallet_grant g WHERE g.customer_id = b.customer_id"
            + " AND g.currency_code = b.currency_code AND " + Rows.OPEN_GRANT + " OFFSET 0) g ON true";

    private static final String LOAD_SHORTFALLS =
            "SELECT " + Rows.SHORTFALL_COLUMNS + KEYS + "shortfall" + OF_KEY + " AND outstanding > 0 OFFSET 0) s";
    /** Holds, debits: by (customer_id, id); a hold or debit of another customer is not found. */
    private static final String IDS = " unnest($1::text[], $2::text[]) AS k(customer_id, id)";

    private static final String LOAD_HOLDS = "SELECT " + Rows.HOLD_COLUMNS + " FROM" + IDS
            + " JOIN hold h ON h.hold_id = k.id::uuid AND h.customer_id = k.customer_id";
    private static final String DEBIT_ENTRIES =
            " FROM" + IDS + " JOIN ledger_entry e ON e.debit_id = k.id::uuid" + " AND e.customer_id = k.customer_id";
    private static final String LOAD_DEBIT_ENTRIES = "SELECT " + Rows.ENTRY_COLUMNS + DEBIT_ENTRIES
            + " WHERE e.entry_type IN ('DEBIT', 'SHORTFALL', 'SETTLEMENT') ORDER BY e.entry_id";
    private static final String LOAD_DEBIT_GRANTS = "SELECT " + Rows.GRANT_COLUMNS + " FROM wallet_grant g"
            + " WHERE g.grant_id IN (SELECT e.grant_id" + DEBIT_ENTRIES + " WHERE e.grant_id IS NOT NULL)";
    private static final String LOAD_REVERSALS = "SELECT r.debit_id FROM" + IDS
            + " JOIN debit_reversal r ON r.debit_id = k.id::uuid AND r.customer_id = k.customer_id";
    private static final String HOLD_UNITS = "SELECT h.hold_id AS id, h.currency_code FROM" + IDS
            + " JOIN hold h ON h.hold_id = k.id::uuid AND h.customer_id = k.customer_id";
    private static final String DEBIT_UNITS = "SELECT k.id::uuid AS id, e.currency_code FROM" + IDS
            + " CROSS JOIN LATERAL (SELECT currency_code FROM ledger_entry WHERE debit_id = k.id::uuid"
            + " AND customer_id = k.customer_id AND entry_type IN ('DEBIT', 'SHORTFALL') LIMIT 1) e";
    private static final String INSERT_BALANCES = "INSERT INTO balance (customer_id, currency_code, granted, shortfall,"
            + " held, version, low_balance_threshold, update_time, shortfall_times)"
            + " SELECT c, u, g::numeric, s::numeric, h::numeric, v, t::numeric, $8, j::jsonb"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[],"
            + " $9::text[]) AS x(c, u, g, s, h, v, t, j)";
    private static final String UPDATE_BALANCES = "UPDATE balance b SET granted = x.g::numeric,"
            + " shortfall = x.s::numeric, held = x.h::numeric, version = x.v, low_balance_threshold = x.t::numeric,"
            + " update_time = $8, shortfall_times = coalesce(x.j::jsonb, b.shortfall_times)"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[],"
            + " $9::text[]) AS x(c, u, g, s, h, v, t, j) WHERE b.customer_id = x.c AND b.currency_code = x.u";
    private static final String INSERT_GRANTS =
            "INSERT INTO wallet_grant (grant_id, customer_id, currency_code, source,"
                    + " original_amount, remaining_amount, effective_time, expire_time, priority, period_reference, reference,"
                    + " description, created_version, create_time, period_start, period_end)"
                    + " SELECT id::uuid, c, u, src, orig::numeric, rem::numeric, eff::timestamptz, exp::timestamptz, prio, per,"
                    + " ref, descr, v, $14, ps::timestamptz, pe::timestamptz"
                    + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
                    + " $8::text[], $9::int8[], $10::text[], $11::text[], $12::text[], $13::int8[], $15::text[], $16::text[])"
                    + " AS x(id, c, u, src, orig, rem, eff, exp, prio, per, ref, descr, v, ps, pe)";
    private static final String UPDATE_GRANTS = "UPDATE wallet_grant g SET remaining_amount = x.rem::numeric,"
            + " close_time = x.closed::timestamptz"
            + " FROM unnest($1::text[], $2::text[], $3::text[]) AS x(id, rem, closed) WHERE g.grant_id = x.id::uuid";
    private static final String INSERT_ENTRIES = "INSERT INTO ledger_entry (customer_id, currency_code, entry_type,"
            + " amount, balance_after, shortfall_after, balance_version, grant_id, debit_id, hold_id, occurred_time,"
            + " operation_id, reference, idempotency_key, description, metadata, create_time)"
            + " SELECT c, u, t, amt::numeric, bal::numeric, sf::numeric, v, gid::uuid, did::uuid, hid::uuid,"
            + " occ::timestamptz, op::uuid, ref, ik, descr, meta::jsonb, $17"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[],"
            + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],"
            + " $16::text[])"
            + " WITH ORDINALITY AS x(c, u, t, amt, bal, sf, v, gid, did, hid, occ, op, ref, ik, descr, meta, ord)"
            + " ORDER BY ord";
    private static final String INSERT_SHORTFALLS = "INSERT INTO shortfall (debit_id, customer_id, currency_code,"
            + " occurred_time, amount, outstanding)"
            + " SELECT id::uuid, c, u, occ::timestamptz, amt::numeric, o::numeric"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
            + " AS x(id, c, u, occ, amt, o)";
    private static final String UPDATE_SHORTFALLS = "UPDATE shortfall s SET outstanding = x.o::numeric,"
            + " claim_id = x.claim::uuid, claim_reference = x.ref, claimed_amount = x.claimed::numeric,"
            + " claim_time = x.at::timestamptz"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
            + " AS x(id, o, claim, ref, claimed, at) WHERE s.debit_id = x.id::uuid";
    private static final String INSERT_HOLDS = "INSERT INTO hold (hold_id, customer_id, currency_code, amount, state,"
            + " expire_time, create_time, reference, description)"
            + " SELECT id::uuid, c, u, amt::numeric, st, exp::timestamptz, $9, ref, descr"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
            + " $8::text[]) AS x(id, c, u, amt, st, exp, ref, descr)";
    private static final String UPDATE_HOLDS = "UPDATE hold h SET state = x.st, close_time = x.closed::timestamptz,"
            + " captured_amount = x.captured::numeric, debit_id = x.did::uuid"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])"
            + " AS x(id, st, closed, captured, did) WHERE h.hold_id = x.id::uuid";
    private static final String INSERT_REVERSALS = "INSERT INTO debit_reversal (debit_id, customer_id, reversal_id,"
            + " create_time) SELECT d::uuid, c, r::uuid, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS x(d, c, r)";
    private static final String INSERT_CROSSINGS = "INSERT INTO low_balance_event (customer_id, currency_code,"
            + " threshold, available, balance_version, create_time)"
            + " SELECT c, u, t::numeric, a::numeric, v, $6"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[]) AS x(c, u, t, a, v)";
    private static final String NOTIFY =
            "SELECT pg_notify('" + ChangeChannel.NAME + "', p)" + " FROM unnest($1::text[]) AS p";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock($1)";
    private static final String DUE_HOLDS = "SELECT h.hold_id, h.customer_id, h.currency_code FROM hold h"
            + " WHERE h.state = 'ACTIVE' AND h.expire_time <= $1 ORDER BY h.expire_time LIMIT $2";

    private final SqlConnection connection;
    private final io.vertx.mutiny.sqlclient.SqlConnection records;
    private final Future<Void> begun;
    private boolean ended;
    private Set<String> saved = Set.of();

    private WalletSession(SqlConnection connection) {
        this.connection = connection;
        this.records = io.vertx.mutiny.sqlclient.SqlConnection.newInstance(connection);
        this.begun = connection.query("BEGIN").execute().mapEmpty();
    }

    /** Begins a transaction on the connection: {@code BEGIN} is sent now, ahead of the first statements. */
    public static WalletSession begin(SqlConnection connection) {
        return new WalletSession(connection);
    }

    /**
     * The transaction's connection for service-support's idempotency store (records are read and
     * written in the same transaction as the change).
     */
    public io.vertx.mutiny.sqlclient.SqlConnection records() {
        return records;
    }

    /** Commits, unless {@link #saveAndCommit} already did. */
    public Future<Void> commit() {
        return ended ? begun : Future.all(begun, end("COMMIT")).mapEmpty();
    }

    /** Rolls back, unless the transaction ended (a failed statement makes PostgreSQL roll back at COMMIT). */
    public Future<Void> rollback() {
        return end("ROLLBACK");
    }

    /** Creates the wallets that do not exist yet (in customer order, like the locks). */
    public Future<Void> createWallets(Collection<String> customerIds, Instant at) {
        if (customerIds.isEmpty()) {
            return Future.succeededFuture();
        }
        return connection
                .preparedQuery(CREATE_WALLETS)
                .execute(Tuple.of(customerIds.toArray(String[]::new), Rows.timestamp(at)))
                .mapEmpty();
    }

    /** Locks the wallets of these customers until the transaction ends; returns those that exist. */
    public Future<Set<String>> lockWallets(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return connection
                .preparedQuery(LOCK_WALLETS)
                .execute(Tuple.of(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> locked = new HashSet<>();
                    rows.forEach(row -> locked.add(row.getString(0)));
                    return locked;
                });
    }

    /** The units of holds and debits named by commands that do not carry one (unit never changes: no lock needed). */
    public Future<Map<UUID, String>> unitsOf(Collection<Reference> holds, Collection<Reference> debits) {
        Future<Map<UUID, String>> ofHolds = units(HOLD_UNITS, holds);
        Future<Map<UUID, String>> ofDebits = units(DEBIT_UNITS, debits);
        return Future.all(ofHolds, ofDebits).map(both -> {
            Map<UUID, String> units = new HashMap<>(ofHolds.result());
            units.putAll(ofDebits.result());
            return units;
        });
    }

    /**
     * Loads the balances concerned with their open grants and what their commands need ({@link Book}).
     * Keys without a stored balance get an empty book. The balances with their grants are one
     * statement; the others run only when a command needs them.
     */
    public Future<Map<BalanceKey, BalanceBook>> loadBooks(Collection<Book> wanted) {
        if (wanted.isEmpty()) {
            return Future.succeededFuture(new HashMap<>());
        }
        Set<BalanceKey> keys = new LinkedHashSet<>();
        Set<BalanceKey> withShortfalls = new LinkedHashSet<>();
        Map<Reference, BalanceKey> holds = new LinkedHashMap<>();
        Map<Reference, BalanceKey> debits = new LinkedHashMap<>();
        for (Book book : wanted) {
            keys.add(book.key());
            if (book.needs().shortfalls()) {
                withShortfalls.add(book.key());
            }
            if (book.needs().holdId() != null) {
                holds.put(new Reference(book.key().customerId(), book.needs().holdId()), book.key());
            }
            if (book.needs().debitId() != null) {
                debits.put(new Reference(book.key().customerId(), book.needs().debitId()), book.key());
            }
        }
        List<Future<RowSet<Row>>> reads = List.of(
                connection.preparedQuery(LOAD_BALANCES).execute(balanceKeys(keys)),
                query(LOAD_SHORTFALLS, withShortfalls, WalletSession::balanceKeys),
                query(LOAD_HOLDS, holds.keySet(), WalletSession::references),
                query(LOAD_DEBIT_ENTRIES, debits.keySet(), WalletSession::references),
                query(LOAD_DEBIT_GRANTS, debits.keySet(), WalletSession::references),
                query(LOAD_REVERSALS, debits.keySet(), WalletSession::references));
        return Future.all(reads).map(done -> {
            List<RowSet<Row>> rows = reads.stream().map(Future::result).toList();
            Map<BalanceKey, BalanceView> views = Rows.balancesWithGrants(rows.get(0), Instant.EPOCH);
            Map<BalanceKey, List<Shortfall>> shortfalls = new HashMap<>();
            withShortfalls.forEach(key -> shortfalls.put(key, new ArrayList<>()));
            rowsOf(rows.get(1)).forEach(row -> {
                Shortfall lot = Rows.shortfall(row);
                shortfalls.get(new BalanceKey(lot.customerId(), lot.unit())).add(lot);
            });
            Map<BalanceKey, Map<UUID, Hold>> holdsByBook = new HashMap<>();
            rowsOf(rows.get(2)).forEach(row -> {
                Hold hold = Rows.hold(row);
                holdsByBook
                        .computeIfAbsent(holds.get(new Reference(hold.customerId(), hold.id())), k -> new HashMap<>())
                        .put(hold.id(), hold);
            });
            Map<BalanceKey, Map<UUID, DebitRecord>> debitsByBook =
                    debitRecords(debits, rowsOf(rows.get(3)), rowsOf(rows.get(4)), rowsOf(rows.get(5)));
            Map<BalanceKey, BalanceBook> books = new HashMap<>();
            for (BalanceKey key : keys) {
                BalanceBook.Loaded loaded = new BalanceBook.Loaded(
                        shortfalls.get(key),
                        holdsByBook.getOrDefault(key, Map.of()),
                        debitsByBook.getOrDefault(key, Map.of()));
                BalanceView view = views.get(key);
                books.put(
                        key,
                        view == null
                                ? BalanceBook.empty(key.customerId(), key.unit(), loaded)
                                : BalanceBook.of(view, loaded));
            }
            return books;
        });
    }

    /**
     * Writes what the books decided (balances, grants, ledger entries, shortfall, holds, reversals,
     * low-balance crossings) and {@code records} (the new idempotency records), announces the
     * changed wallets on the NOTIFY channel (PostgreSQL sends it at commit only) and commits: one
     * round trip. Fails when any statement failed (the transaction is then rolled back).
     */
    public Future<Void> saveAndCommit(Collection<BalanceBook> books, Instant at, Uni<Void> records) {
        List<BalanceBook> changed =
                books.stream().filter(BalanceBook::isChanged).toList();
        List<BalanceView> inserted =
                changed.stream().filter(BalanceBook::isNew).map(b -> b.view(at)).toList();
        List<BalanceView> updated =
                changed.stream().filter(b -> !b.isNew()).map(b -> b.view(at)).toList();
        // shortfall times are rewritten only where they changed (most debits leave them as they are)
        Set<ShortfallTimes> unchangedTimes = Collections.newSetFromMap(new IdentityHashMap<>());
        changed.stream()
                .filter(b -> !b.isNew() && !b.shortfallTimesChanged())
                .forEach(b -> unchangedTimes.add(b.shortfallTimes()));
        List<Grant> newGrants = all(changed, BalanceBook::createdGrants);
        List<Grant> changedGrants = all(changed, BalanceBook::updatedGrants);
        List<LedgerEntry> entries = all(changed, BalanceBook::entries);
        List<Shortfall> newShortfalls = all(changed, BalanceBook::createdShortfalls);
        List<Shortfall> changedShortfalls = all(changed, BalanceBook::updatedShortfalls);
        List<Hold> newHolds = all(changed, BalanceBook::createdHolds);
        List<Hold> changedHolds = all(changed, BalanceBook::updatedHolds);
        List<Reversal> reversals = all(List.copyOf(books), BalanceBook::reversals);
        List<LowBalanceCrossing> crossings = all(changed, BalanceBook::crossings);
        Set<String> customers = new TreeSet<>();
        changed.forEach(b -> customers.add(b.customerId()));
        saved = customers;
        Object now = Rows.timestamp(at);
        List<Future<?>> writes = new ArrayList<>();
        execute(writes, INSERT_BALANCES, inserted, () -> balanceColumns(inserted, at, Set.of()));
        execute(writes, UPDATE_BALANCES, updated, () -> balanceColumns(updated, at, unchangedTimes));
        execute(
                writes,
                INSERT_GRANTS,
                newGrants,
                () -> Columns.of(newGrants)
                        .text(Grant::id)
                        .text(Grant::customerId)
                        .text(Grant::unit)
                        .text(Grant::source)
                        .text(Grant::originalAmount)
                        .text(Grant::remainingAmount)
                        .text(Grant::effectiveTime)
                        .text(Grant::expireTime)
                        .int8(Grant::priority)
                        .text(Grant::periodReference)
                        .text(Grant::reference)
                        .text(Grant::description)
                        .int8(Grant::createdVersion)
                        .value(now)
                        .text(g -> g.period() == null ? null : g.period().start())
                        .text(g -> g.period() == null ? null : g.period().end())
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                UPDATE_GRANTS,
                changedGrants,
                () -> Columns.of(changedGrants)
                        .text(Grant::id)
                        .text(Grant::remainingAmount)
                        .text(Grant::closeTime)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                INSERT_ENTRIES,
                entries,
                () -> Columns.of(entries)
                        .text(LedgerEntry::customerId)
                        .text(LedgerEntry::unit)
                        .text(LedgerEntry::type)
                        .text(LedgerEntry::amount)
                        .text(LedgerEntry::balanceAfter)
                        .text(LedgerEntry::shortfallAfter)
                        .int8(LedgerEntry::version)
                        .text(LedgerEntry::grantId)
                        .text(LedgerEntry::debitId)
                        .text(LedgerEntry::holdId)
                        .text(LedgerEntry::occurredTime)
                        .text(LedgerEntry::operationId)
                        .text(LedgerEntry::reference)
                        .text(LedgerEntry::idempotencyKey)
                        .text(LedgerEntry::description)
                        .text(e -> e.metadata().isEmpty()
                                ? null
                                : new JsonObject(new LinkedHashMap<>(e.metadata())).encode())
                        .value(now)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                INSERT_SHORTFALLS,
                newShortfalls,
                () -> Columns.of(newShortfalls)
                        .text(Shortfall::debitId)
                        .text(Shortfall::customerId)
                        .text(Shortfall::unit)
                        .text(Shortfall::occurredTime)
                        .text(Shortfall::amount)
                        .text(Shortfall::outstanding)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                UPDATE_SHORTFALLS,
                changedShortfalls,
                () -> Columns.of(changedShortfalls)
                        .text(Shortfall::debitId)
                        .text(Shortfall::outstanding)
                        .text(Shortfall::claimId)
                        .text(Shortfall::claimReference)
                        .text(Shortfall::claimedAmount)
                        .text(Shortfall::claimTime)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                INSERT_HOLDS,
                newHolds,
                () -> Columns.of(newHolds)
                        .text(Hold::id)
                        .text(Hold::customerId)
                        .text(Hold::unit)
                        .text(Hold::amount)
                        .text(Hold::state)
                        .text(Hold::expireTime)
                        .text(Hold::reference)
                        .text(Hold::description)
                        .value(now)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                UPDATE_HOLDS,
                changedHolds,
                () -> Columns.of(changedHolds)
                        .text(Hold::id)
                        .text(Hold::state)
                        .text(Hold::closeTime)
                        .text(Hold::capturedAmount)
                        .text(Hold::debitId)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                INSERT_REVERSALS,
                reversals,
                () -> Columns.of(reversals)
                        .text(Reversal::debitId)
                        .text(Reversal::customerId)
                        .text(Reversal::reversalId)
                        .value(now)
                        .tuple()
                        .getDelegate());
        execute(
                writes,
                INSERT_CROSSINGS,
                crossings,
                () -> Columns.of(crossings)
                        .text(LowBalanceCrossing::customerId)
                        .text(LowBalanceCrossing::unit)
                        .text(LowBalanceCrossing::threshold)
                        .text(LowBalanceCrossing::available)
                        .int8(LowBalanceCrossing::version)
                        .value(now)
                        .tuple()
                        .getDelegate());
        writes.add(Future.fromCompletionStage(records.subscribeAsCompletionStage()));
        execute(
                writes,
                NOTIFY,
                customers,
                () -> Tuple.of(ChangeChannel.payloads(customers).toArray(String[]::new)));
        writes.add(begun);
        writes.add(end("COMMIT"));
        return Future.all(writes).mapEmpty();
    }

    /** The customers whose wallets {@link #saveAndCommit} wrote (changed if it committed). */
    public Set<String> savedCustomers() {
        return saved;
    }

    /** {@code pg_try_advisory_xact_lock}: true when this transaction now holds the lock (until it ends). */
    public Future<Boolean> tryLock(long key) {
        return connection
                .preparedQuery(TRY_LOCK)
                .execute(Tuple.of(key))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Active holds whose expire time is at or before {@code now}, soonest first, as the commands that expire them. */
    public Future<List<ExpireHoldCommand>> dueHolds(Instant now, int limit) {
        return connection
                .preparedQuery(DUE_HOLDS)
                .execute(Tuple.of(Rows.timestamp(now), limit))
                .map(rows -> {
                    List<ExpireHoldCommand> due = new ArrayList<>();
                    rows.forEach(
                            row -> due.add(new ExpireHoldCommand(row.getString(1), row.getString(2), row.getUUID(0))));
                    return due;
                });
    }

    private Future<Void> end(String command) {
        ended = true;
        return connection.query(command).execute().mapEmpty();
    }

    /** Past debits by book, from their ledger entries, the grants those name and the reversals. */
    private static Map<BalanceKey, Map<UUID, DebitRecord>> debitRecords(
            Map<Reference, BalanceKey> wanted, List<Row> entryRows, List<Row> grantRows, List<Row> reversalRows) {
        Map<UUID, Grant> grants = new HashMap<>();
        grantRows.forEach(row -> grants.put(row.getUUID("grant_id"), Rows.grant(row)));
        Set<UUID> reversed = new HashSet<>();
        reversalRows.forEach(row -> reversed.add(row.getUUID(0)));
        List<LedgerEntry> entries = entryRows.stream().map(Rows::entry).toList();
        Map<BalanceKey, Map<UUID, DebitRecord>> records = new HashMap<>();
        wanted.forEach((reference, key) -> {
            DebitRecord record = DebitRecord.of(reference.id(), entries, grants, reversed.contains(reference.id()));
            if (record != null) {
                records.computeIfAbsent(key, k -> new HashMap<>()).put(reference.id(), record);
            }
        });
        return records;
    }

    private Future<Map<UUID, String>> units(String sql, Collection<Reference> references) {
        return query(sql, references, WalletSession::references).map(rows -> {
            Map<UUID, String> units = new HashMap<>();
            rowsOf(rows).forEach(row -> units.put(row.getUUID("id"), row.getString("currency_code")));
            return units;
        });
    }

    /** Runs a read when there is something to read; otherwise answers null at once. */
    private <K> Future<RowSet<Row>> query(String sql, Collection<K> keys, Function<Collection<K>, Tuple> params) {
        return keys.isEmpty()
                ? Future.succeededFuture()
                : connection.preparedQuery(sql).execute(params.apply(keys));
    }

    private static List<Row> rowsOf(Object rows) {
        List<Row> list = new ArrayList<>();
        if (rows != null) {
            ((RowSet<?>) rows).forEach(row -> list.add((Row) row));
        }
        return list;
    }

    private static Tuple balanceKeys(Collection<BalanceKey> keys) {
        return Columns.of(keys)
                .text(BalanceKey::customerId)
                .text(BalanceKey::unit)
                .tuple()
                .getDelegate();
    }

    private static Tuple references(Collection<Reference> references) {
        return Columns.of(references)
                .text(Reference::customerId)
                .text(Reference::id)
                .tuple()
                .getDelegate();
    }

    private static <T> List<T> all(List<BalanceBook> books, Function<BalanceBook, List<T>> part) {
        return books.stream().flatMap(b -> part.apply(b).stream()).toList();
    }

    /** @param unchangedTimes shortfall times written as null (kept as stored) */
    private static Tuple balanceColumns(List<BalanceView> balances, Instant at, Set<ShortfallTimes> unchangedTimes) {
        return Columns.of(balances)
                .text(BalanceView::customerId)
                .text(BalanceView::unit)
                .text(BalanceView::openGranted)
                .text(BalanceView::shortfall)
                .text(BalanceView::held)
                .int8(BalanceView::version)
                .text(BalanceView::threshold)
                .value(Rows.timestamp(at))
                .text(b -> unchangedTimes.contains(b.shortfallTimes())
                        ? null
                        : ShortfallTimesJson.write(b.shortfallTimes()))
                .tuple()
                .getDelegate();
    }

    private void execute(List<Future<?>> writes, String sql, Collection<?> rows, Supplier<Tuple> params) {
        if (!rows.isEmpty()) {
            writes.add(connection.preparedQuery(sql).execute(params.get()));
        }
    }

    /** A balance to load and what its command needs. */
    public record Book(BalanceKey key, Needs needs) {}

    /** A hold or debit of a customer. */
    public record Reference(String customerId, UUID id) {}
}
