package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ledger invariant, checked by SQL against the service's database: the stored balances, grants,
 * shortfall and holds equal what the append-only ledger derives. Call {@link #assertHolds(String)}
 * after every scenario. Effects of an entry on (granted, shortfall, held): GRANT (+a, 0, 0), DEBIT
 * (-a, 0, 0), EXPIRY (-a, 0, 0), SHORTFALL (0, +a, 0), SETTLEMENT paid by a grant (-a, -a, 0),
 * SETTLEMENT claimed for an invoice (0, -a, 0), ADJUSTMENT returning to a grant (+a, 0, 0),
 * ADJUSTMENT cancelling shortfall (0, -a, 0), HOLD (0, 0, +a), HOLD_RELEASE (0, 0, -a); the ledger
 * balance is granted - shortfall - held. And: no shortfall is ever both paid by a grant and claimed
 * for an invoice. The balance's shortfall times (what tells unbilled shortfall apart) add up to its
 * outstanding shortfall.
 */
public final class LedgerInvariant {

    private static final String EFFECTS = """
            SELECT e.*,
                   CASE e.entry_type WHEN 'GRANT' THEN e.amount WHEN 'DEBIT' THEN -e.amount
                        WHEN 'EXPIRY' THEN -e.amount
                        WHEN 'SETTLEMENT' THEN CASE WHEN e.grant_id IS NULL THEN 0 ELSE -e.amount END
                        WHEN 'ADJUSTMENT' THEN CASE WHEN e.grant_id IS NULL THEN 0 ELSE e.amount END
                        ELSE 0 END AS granted_effect,
                   CASE e.entry_type WHEN 'SHORTFALL' THEN e.amount WHEN 'SETTLEMENT' THEN -e.amount
                        WHEN 'ADJUSTMENT' THEN CASE WHEN e.grant_id IS NULL THEN -e.amount ELSE 0 END
                        ELSE 0 END AS shortfall_effect,
                   CASE e.entry_type WHEN 'HOLD' THEN e.amount WHEN 'HOLD_RELEASE' THEN -e.amount
                        ELSE 0 END AS held_effect
            FROM ledger_entry e""";
    private static final String RUNNING = """
            SELECT x.*,
                   sum(granted_effect) OVER w AS granted_running,
                   sum(shortfall_effect) OVER w AS shortfall_running,
                   sum(held_effect) OVER w AS held_running,
                   lag(balance_version) OVER w AS previous_version
            FROM (%s) x
            WINDOW w AS (PARTITION BY customer_id, currency_code ORDER BY entry_id)""".formatted(EFFECTS);
    private static final String DERIVED = """
            SELECT customer_id, currency_code, sum(granted_effect) AS granted, sum(shortfall_effect) AS shortfall,
                   sum(held_effect) AS held,
                   (array_agg(balance_after ORDER BY entry_id DESC))[1] AS last_balance,
                   max(balance_version) AS last_version
            FROM (%s) x GROUP BY customer_id, currency_code""".formatted(EFFECTS);
    /** Per shortfall (debit): its SHORTFALL entry, what grants paid, what invoices claimed, what reversals cancelled. */
    private static final String SHORTFALL_MOVES = """
            SELECT debit_id,
                   coalesce(sum(amount) FILTER (WHERE entry_type = 'SHORTFALL'), 0) AS recorded,
                   coalesce(sum(amount) FILTER (WHERE entry_type = 'SETTLEMENT' AND grant_id IS NOT NULL), 0) AS paid,
                   coalesce(sum(amount) FILTER (WHERE entry_type = 'SETTLEMENT' AND grant_id IS NULL), 0) AS claimed,
                   count(*) FILTER (WHERE entry_type = 'SETTLEMENT' AND grant_id IS NULL) AS claims,
                   max(entry_id) FILTER (WHERE entry_type = 'SETTLEMENT' AND grant_id IS NULL) AS claim_entry,
                   max(entry_id) FILTER (WHERE entry_type = 'SETTLEMENT' AND grant_id IS NOT NULL) AS last_payment,
                   coalesce(sum(amount) FILTER (WHERE entry_type = 'ADJUSTMENT' AND grant_id IS NULL), 0) AS cancelled
            FROM ledger_entry WHERE debit_id IS NOT NULL GROUP BY debit_id""";

    /** Each check counts the rows that break one rule; all must be zero. */
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put(
                "every entry's balance_after and shortfall_after equal the running sums of the ledger",
                """
                SELECT count(*) FROM (%s) r
                WHERE r.balance_after <> r.granted_running - r.shortfall_running - r.held_running
                   OR r.shortfall_after <> r.shortfall_running""".formatted(RUNNING));
        CHECKS.put("balance versions never decrease along the ledger", """
                SELECT count(*) FROM (%s) r WHERE r.balance_version < r.previous_version""".formatted(RUNNING));
        CHECKS.put(
                "stored granted, shortfall and held equal the ledger's sums, the ledger balance its last balance_after",
                """
                SELECT count(*) FROM balance b LEFT JOIN (%s) d USING (customer_id, currency_code)
                WHERE b.granted <> coalesce(d.granted, 0) OR b.shortfall <> coalesce(d.shortfall, 0)
                   OR b.held <> coalesce(d.held, 0)
                   OR (d.last_balance IS NOT NULL AND b.ledger_balance <> d.last_balance)
                   OR b.version < coalesce(d.last_version, 0)""".formatted(DERIVED));
        CHECKS.put("every ledger entry belongs to a stored balance", """
                SELECT count(*) FROM (%s) d LEFT JOIN balance b USING (customer_id, currency_code)
                WHERE b.customer_id IS NULL""".formatted(DERIVED));
        CHECKS.put("stored granted equals the remaining amounts of open grants", """
                SELECT count(*) FROM balance b
                WHERE b.granted <> (SELECT coalesce(sum(g.remaining_amount), 0) FROM wallet_grant g
                                    WHERE g.customer_id = b.customer_id AND g.currency_code = b.currency_code
                                      AND g.close_time IS NULL)""");
        CHECKS.put("every grant's original and remaining amounts follow from its ledger entries", """
                SELECT count(*) FROM wallet_grant g
                LEFT JOIN (SELECT grant_id,
                                  sum(amount) FILTER (WHERE entry_type = 'GRANT') AS granted,
                                  coalesce(sum(amount) FILTER (WHERE entry_type IN ('DEBIT', 'EXPIRY', 'SETTLEMENT')), 0) AS used,
                                  coalesce(sum(amount) FILTER (WHERE entry_type = 'ADJUSTMENT'), 0) AS returned
                           FROM ledger_entry WHERE grant_id IS NOT NULL GROUP BY grant_id) l USING (grant_id)
                WHERE l.granted IS DISTINCT FROM g.original_amount
                   OR g.remaining_amount <> g.original_amount - l.used + l.returned""");
        CHECKS.put("each operation's entries share one balance version", """
                SELECT count(*) FROM (SELECT operation_id FROM ledger_entry
                                      GROUP BY operation_id HAVING count(DISTINCT balance_version) > 1) x""");
        CHECKS.put("stored shortfall equals the outstanding shortfall of the balance's debits", """
                SELECT count(*) FROM balance b
                WHERE b.shortfall <> (SELECT coalesce(sum(s.outstanding), 0) FROM shortfall s
                                      WHERE s.customer_id = b.customer_id AND s.currency_code = b.currency_code)""");
        CHECKS.put(
                "the stored shortfall times (buckets) add up to the outstanding shortfall, from its earliest"
                        + " to its latest occurred_time, and never count the same lot twice",
                """
                SELECT count(*) FROM balance b
                CROSS JOIN LATERAL (SELECT coalesce(sum((e->>2)::numeric), 0) AS total,
                                           min((e->>0)::timestamptz) AS first, max((e->>1)::timestamptz) AS last,
                                           count(*) AS buckets
                                    FROM jsonb_array_elements(b.shortfall_times->'b') e) t
                CROSS JOIN LATERAL (SELECT min(s.occurred_time) AS first, max(s.occurred_time) AS last,
                                           count(*) AS lots
                                    FROM shortfall s WHERE s.customer_id = b.customer_id
                                      AND s.currency_code = b.currency_code AND s.outstanding > 0) s
                WHERE t.total <> b.shortfall OR t.first IS DISTINCT FROM s.first OR t.last IS DISTINCT FROM s.last
                   OR t.buckets > s.lots""");
        CHECKS.put(
                "each debit's shortfall follows from its entries: recorded = paid + claimed + cancelled + outstanding",
                """
                SELECT count(*) FROM (%s) m FULL JOIN shortfall s USING (debit_id)
                WHERE (m.recorded > 0 OR s.debit_id IS NOT NULL)
                  AND (s.debit_id IS NULL OR m.debit_id IS NULL OR s.amount <> m.recorded
                       OR s.outstanding <> m.recorded - m.paid - m.claimed - m.cancelled
                       OR coalesce(s.claimed_amount, 0) <> m.claimed)""".formatted(SHORTFALL_MOVES));
        CHECKS.put(
                "no shortfall is both paid by a grant and claimed for an invoice after it (at most one claim each)",
                """
                SELECT count(*) FROM (%s) m
                WHERE m.claims > 1 OR (m.claim_entry IS NOT NULL AND m.last_payment > m.claim_entry)""".formatted(SHORTFALL_MOVES));
        CHECKS.put("stored held equals the active holds", """
                SELECT count(*) FROM balance b
                WHERE b.held <> (SELECT coalesce(sum(h.amount), 0) FROM hold h WHERE h.customer_id = b.customer_id
                                   AND h.currency_code = b.currency_code AND h.state = 'ACTIVE')""");
        CHECKS.put(
                "every hold has one HOLD entry, and one HOLD_RELEASE entry exactly when it is no longer active", """
                SELECT count(*) FROM hold h
                LEFT JOIN (SELECT hold_id, count(*) FILTER (WHERE entry_type = 'HOLD') AS holds,
                                  sum(amount) FILTER (WHERE entry_type = 'HOLD') AS held,
                                  count(*) FILTER (WHERE entry_type = 'HOLD_RELEASE') AS releases,
                                  sum(amount) FILTER (WHERE entry_type = 'HOLD_RELEASE') AS released
                           FROM ledger_entry WHERE hold_id IS NOT NULL GROUP BY hold_id) l USING (hold_id)
                WHERE l.holds IS DISTINCT FROM 1 OR l.held <> h.amount
                   OR l.releases <> CASE WHEN h.state = 'ACTIVE' THEN 0 ELSE 1 END
                   OR (l.releases = 1 AND l.released <> h.amount)""");
    }

    private LedgerInvariant() {}

    /** Asserts every rule of the ledger invariant on the named database. */
    public static void assertHolds(String database) {
        TestDatabase db = TestDatabase.get();
        CHECKS.forEach(
                (rule, sql) -> assertThat(db.queryLong(database, sql)).as(rule).isZero());
    }

    /** Number of ledger entries in the database (to show a refused call changed nothing). */
    public static long entryCount(String database) {
        return TestDatabase.get().queryLong(database, "SELECT count(*) FROM ledger_entry");
    }
}
