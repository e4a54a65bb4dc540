package dev.tally.wallet.store;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.LedgerQuery;
import dev.tally.wallet.domain.LowBalanceCrossing;
import dev.tally.wallet.domain.WatchCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads of balances and the ledger. Each call reads in one REPEATABLE READ READ ONLY transaction,
 * so a balance, its grants and its ledger entries always come from the same committed state.
 * Every read of a customer without a wallet fails with NOT_FOUND {@code WALLET_NOT_FOUND}, except
 * a watch that has started (the wallet existed when it did).
 */
@ApplicationScoped
public class BalanceQueries {

    private static final String WALLET_EXISTS = "SELECT 1 FROM wallet WHERE customer_id = $1";
    private static final String OF_CUSTOMER =
            " WHERE %1$s.customer_id = $1 AND ($2::text IS NULL OR %1$s.currency_code = $2)";
    private static final String BALANCES = "SELECT " + Rows.BALANCE_COLUMNS + " FROM balance b"
            + OF_CUSTOMER.formatted("b") + " ORDER BY b.currency_code";
    private static final String GRANTS = "SELECT " + Rows.GRANT_COLUMNS + " FROM wallet_grant g"
            + OF_CUSTOMER.formatted("g") + " AND " + Rows.OPEN_GRANT;
    private static final String LEDGER_PAGE =
            "SELECT " + Rows.ENTRY_COLUMNS + " FROM ledger_entry e" + OF_CUSTOMER.formatted("e")
                    + " AND ($3::timestamptz IS NULL OR e.create_time >= $3) AND ($4::timestamptz IS NULL OR e.create_time < $4)"
                    + " AND (cardinality($5::text[]) = 0 OR e.entry_type = ANY($5::text[]))"
                    + " AND ($6::text IS NULL OR e.reference = $6)";
    private static final String PAGE_ASCENDING = LEDGER_PAGE + " AND e.entry_id > $7 ORDER BY e.entry_id LIMIT $8";
    private static final String PAGE_DESCENDING =
            LEDGER_PAGE + " AND e.entry_id < $7 ORDER BY e.entry_id DESC LIMIT $8";
    private static final String LAST_ENTRY_ID =
            "SELECT coalesce(max(e.entry_id), 0) FROM ledger_entry e" + OF_CUSTOMER.formatted("e");
    private static final String LAST_EVENT_ID =
            "SELECT coalesce(max(l.event_id), 0) FROM low_balance_event l" + OF_CUSTOMER.formatted("l");
    private static final String NEW_ENTRIES = "SELECT " + Rows.ENTRY_COLUMNS + " FROM ledger_entry e"
            + OF_CUSTOMER.formatted("e") + " AND e.entry_id > $3 ORDER BY e.entry_id DESC LIMIT $4";
    private static final String NEW_CROSSINGS = "SELECT l.event_id, l.customer_id, l.currency_code, l.threshold,"
            + " l.available, l.balance_version, l.create_time FROM low_balance_event l" + OF_CUSTOMER.formatted("l")
            + " AND l.event_id > $3 ORDER BY l.event_id";

    private final Pool pool;
    private final Clock clock;

    BalanceQueries(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * The customer's balances (every unit, ordered by unit) as seen at {@code now}.
     *
     * @throws TallyException NOT_FOUND WALLET_NOT_FOUND (as a failed Uni) when the customer has no wallet
     */
    public Uni<List<BalanceView>> balances(String customerId, Instant now) {
        return inSnapshot(connection ->
                requireWallet(connection, customerId).chain(() -> balances(connection, customerId, null, now)));
    }

    /** One page of the customer's ledger. */
    public Uni<List<LedgerEntry>> ledger(LedgerQuery query) {
        return inSnapshot(connection -> requireWallet(connection, query.customerId())
                .chain(() -> connection
                        .preparedQuery(query.descending() ? PAGE_DESCENDING : PAGE_ASCENDING)
                        .execute(Tuple.tuple(Arrays.asList(
                                query.customerId(),
                                query.unit(),
                                Rows.timestamp(query.from()),
                                Rows.timestamp(query.until()),
                                query.types().stream().map(EntryType::name).toArray(String[]::new),
                                query.reference(),
                                query.after(),
                                query.limit()))))
                .map(rows -> {
                    List<LedgerEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(Rows.entry(row.getDelegate())));
                    return entries;
                }));
    }

    /**
     * What a watcher has not seen yet: the balances now, and, once the watch has started, the ledger
     * entries and low-balance crossings after the cursor (newest {@code maxEntries} entries).
     */
    public Uni<WatchCursor.Read> sinceCursor(String customerId, String unit, WatchCursor cursor, int maxEntries) {
        return inSnapshot(connection -> {
            Instant now = clock.instant();
            Uni<List<BalanceView>> views = cursor.started()
                    ? balances(connection, customerId, unit, now)
                    : requireWallet(connection, customerId).chain(() -> balances(connection, customerId, unit, now));
            return views.chain(balances -> cursor.started()
                    ? newEntries(connection, customerId, unit, cursor.lastEntryId(), maxEntries)
                            .chain(entries -> newCrossings(connection, customerId, unit, cursor.lastEventId())
                                    .map(crossings -> new WatchCursor.Read(balances, entries, crossings)))
                    : single(connection, LAST_ENTRY_ID, customerId, unit)
                            .chain(lastEntry -> single(connection, LAST_EVENT_ID, customerId, unit)
                                    .map(lastEvent -> WatchCursor.Read.start(balances, lastEntry, lastEvent))));
        });
    }

    private <T> Uni<T> inSnapshot(Function<SqlConnection, Uni<T>> reads) {
        return pool.withTransaction(connection -> connection
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute()
                .chain(() -> reads.apply(connection)));
    }

    private static Uni<Void> requireWallet(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery(WALLET_EXISTS)
                .execute(Tuple.of(customerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new TallyException(
                                Reason.WALLET_NOT_FOUND,
                                "customer '" + customerId + "' has no wallet",
                                Map.of("customer_id", customerId));
                    }
                    return null;
                });
    }

    /** The balances seen at {@code now} (what is in force depends on it). */
    private static Uni<List<BalanceView>> balances(
            SqlConnection connection, String customerId, String unit, Instant now) {
        Tuple params = Tuple.of(customerId, unit);
        return connection
                .preparedQuery(BALANCES)
                .execute(params)
                .chain(balances -> connection
                        .preparedQuery(GRANTS)
                        .execute(params)
                        .map(grants -> {
                            List<BalanceView> views = new ArrayList<>(Rows.balances(core(balances), core(grants), now)
                                    .values());
                            if (unit != null && views.isEmpty()) {
                                views.add(BalanceView.empty(customerId, unit, now));
                            }
                            return views;
                        }));
    }

    private static Uni<List<LedgerEntry>> newEntries(
            SqlConnection connection, String customerId, String unit, long afterEntryId, int max) {
        return connection
                .preparedQuery(NEW_ENTRIES)
                .execute(Tuple.of(customerId, unit, afterEntryId, max))
                .map(rows -> {
                    List<LedgerEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(Rows.entry(row.getDelegate())));
                    Collections.reverse(entries);
                    return entries;
                });
    }

    private static Uni<List<WatchCursor.Crossing>> newCrossings(
            SqlConnection connection, String customerId, String unit, long afterEventId) {
        return connection
                .preparedQuery(NEW_CROSSINGS)
                .execute(Tuple.of(customerId, unit, afterEventId))
                .map(rows -> {
                    List<WatchCursor.Crossing> crossings = new ArrayList<>();
                    for (Row row : rows) {
                        crossings.add(new WatchCursor.Crossing(
                                row.getLong("event_id"),
                                new LowBalanceCrossing(
                                        row.getString("customer_id"), row.getString("currency_code"),
                                        row.getBigDecimal("threshold"), row.getBigDecimal("available"),
                                        row.getLong("balance_version"),
                                                Rows.instant(row.getDelegate(), "create_time"))));
                    }
                    return crossings;
                });
    }

    private static Uni<Long> single(SqlConnection connection, String sql, String customerId, String unit) {
        return connection
                .preparedQuery(sql)
                .execute(Tuple.of(customerId, unit))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The core row set behind a Mutiny one (whose {@code getDelegate()} is raw-typed). */
    @SuppressWarnings("unchecked")
    private static io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> core(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        return (io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>) rows.getDelegate();
    }
}
