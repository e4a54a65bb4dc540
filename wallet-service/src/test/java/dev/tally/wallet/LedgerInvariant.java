package dev.tally.wallet;

import dev.tally.testing.TestDatabase;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger invariant, checked by SQL against the service's database: the stored balances and
 * grants equal what the append-only ledger derives. Call {@link #assertHolds(String)} after every
 * scenario. Effects of an entry on (granted, shortfall): GRANT (+a, 0), DEBIT (-a, 0), EXPIRY
 * (-a, 0), SHORTFALL (0, +a), SETTLEMENT paid by a grant (-a, -a), SETTLEMENT billed elsewhere
 * (0, -a), ADJUSTMENT (+a, 0).
 */
public final class LedgerInvariant {

    private static final String EFFECTS = """
            SELECT e.*,
                   CASE e.entry_type WHEN 'GRANT' THEN e.amount WHEN 'DEBIT' THEN -e.amount
                        WHEN 'EXPIRY' THEN -e.amount WHEN 'ADJUSTMENT' THEN e.amount
                        WHEN 'SETTLEMENT' THEN CASE WHEN e.grant_id IS NULL THEN 0 ELSE -e.amount END
                        ELSE 0 END AS granted_effect,
                   CASE e.entry_type WHEN 'SHORTFALL' THEN e.amount WHEN 'SETTLEMENT' THEN -e.amount
                        ELSE 0 END AS shortfall_effect
            FROM ledger_entry e""";
    private static final String RUNNING = """
            SELECT x.*,
                   sum(granted_effect) OVER w AS granted_running,
                   sum(shortfall_effect) OVER w AS shortfall_running,
                   lag(balance_version) OVER w AS previous_version
            FROM (%s) x
            WINDOW w AS (PARTITION BY customer_id, currency_code ORDER BY entry_id)""".formatted(EFFECTS);
    private static final String DERIVED = """
            SELECT customer_id, currency_code, sum(granted_effect) AS granted, sum(shortfall_effect) AS shortfall,
                   (array_agg(balance_after ORDER BY entry_id DESC))[1] AS last_available,
                   max(balance_version) AS last_version
            FROM (%s) x GROUP BY customer_id, currency_code""".formatted(EFFECTS);

    /** Each check counts the rows that break one rule; all must be zero. */
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("every entry's balance_after and shortfall_after equal the running sums of the ledger", """
                SELECT count(*) FROM (%s) r
                WHERE r.balance_after <> r.granted_running - r.shortfall_running
                   OR r.shortfall_after <> r.shortfall_running""".formatted(RUNNING));
        CHECKS.put("balance versions never decrease along the ledger", """
                SELECT count(*) FROM (%s) r WHERE r.balance_version < r.previous_version""".formatted(RUNNING));
        CHECKS.put("stored granted and shortfall equal the ledger's sums, available its last balance_after", """
                SELECT count(*) FROM balance b LEFT JOIN (%s) d USING (customer_id, currency_code)
                WHERE b.granted <> coalesce(d.granted, 0) OR b.shortfall <> coalesce(d.shortfall, 0)
                   OR (d.last_available IS NOT NULL AND b.available <> d.last_available)
                   OR b.version < coalesce(d.last_version, 0)""".formatted(DERIVED));
        CHECKS.put("every ledger entry belongs to a stored balance", """
                SELECT count(*) FROM (%s) d LEFT JOIN balance b USING (customer_id, currency_code)
                WHERE b.customer_id IS NULL""".formatted(DERIVED));
        CHECKS.put("stored granted equals the remaining amounts of live grants", """
                SELECT count(*) FROM balance b
                WHERE b.granted <> (SELECT coalesce(sum(g.remaining_amount), 0) FROM wallet_grant g
                                    WHERE g.customer_id = b.customer_id AND g.currency_code = b.currency_code
                                      AND g.expired_at IS NULL)""");
        CHECKS.put("every grant's original and remaining amounts follow from its ledger entries", """
                SELECT count(*) FROM wallet_grant g
                LEFT JOIN (SELECT grant_id,
                                  sum(amount) FILTER (WHERE entry_type = 'GRANT') AS granted,
                                  coalesce(sum(amount) FILTER (WHERE entry_type IN ('DEBIT', 'EXPIRY', 'SETTLEMENT')), 0) AS used
                           FROM ledger_entry WHERE grant_id IS NOT NULL GROUP BY grant_id) l USING (grant_id)
                WHERE l.granted IS DISTINCT FROM g.original_amount OR g.remaining_amount <> g.original_amount - l.used""");
        CHECKS.put("each debit's entries share one operation and one balance version", """
                SELECT count(*) FROM (SELECT operation_id FROM ledger_entry
                                      GROUP BY operation_id HAVING count(DISTINCT balance_version) > 1) x""");
    }

    private LedgerInvariant() {
    }

    /** Asserts every rule of the ledger invariant on the named database. */
    public static void assertHolds(String database) {
        TestDatabase db = TestDatabase.get();
        CHECKS.forEach((rule, sql) -> assertThat(db.queryLong(database, sql)).as(rule).isZero());
    }

    /** Number of ledger entries in the database (to show a refused call changed nothing). */
    public static long entryCount(String database) {
        return TestDatabase.get().queryLong(database, "SELECT count(*) FROM ledger_entry");
    }
}
