package dev.tally.wallet.store;

import dev.tally.shared.plan.Period;
import dev.tally.wallet.domain.BalanceKey;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.Grant;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.Hold;
import dev.tally.wallet.domain.HoldState;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.Shortfall;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Column lists and row mapping shared by every query of balances, grants, holds, shortfall and the ledger. */
final class Rows {

    static final String BALANCE_COLUMNS = "b.customer_id, b.currency_code, b.granted, b.shortfall, b.held, b.version,"
            + " b.low_balance_threshold, b.update_time, b.shortfall_times";
    static final String GRANT_COLUMNS = "g.grant_id, g.customer_id, g.currency_code, g.source, g.original_amount,"
            + " g.remaining_amount, g.effective_time, g.expire_time, g.priority, g.period_reference, g.reference,"
            + " g.description, g.created_version, g.create_time, g.close_time, g.period_start, g.period_end";
    /** Open grants: the only ones a debit consumes or a balance lists. */
    static final String OPEN_GRANT = "g.remaining_amount > 0 AND g.close_time IS NULL";
    /**
     * A balance and one of its open grants per row ({@link #balancesWithGrants}): BALANCE_COLUMNS,
     * then the grant's own columns (null for a balance without open grants). One statement reads
     * both, so they come from the same snapshot.
     */
    static final String BALANCE_AND_GRANT_COLUMNS = BALANCE_COLUMNS + ", g.grant_id, g.source, g.original_amount,"
            + " g.remaining_amount, g.effective_time, g.expire_time, g.priority, g.period_reference, g.reference,"
            + " g.description, g.created_version, g.create_time, g.close_time, g.period_start, g.period_end";

    static final String ENTRY_COLUMNS = "e.entry_id, e.customer_id, e.currency_code, e.entry_type, e.amount,"
            + " e.balance_after, e.shortfall_after, e.balance_version, e.grant_id, e.debit_id, e.hold_id,"
            + " e.occurred_time, e.operation_id, e.reference, e.idempotency_key, e.description, e.metadata,"
            + " e.create_time";
    static final String SHORTFALL_COLUMNS = "s.debit_id, s.customer_id, s.currency_code, s.occurred_time, s.amount,"
            + " s.outstanding, s.claim_id, s.claim_reference, s.claimed_amount, s.claim_time";
    static final String HOLD_COLUMNS = "h.hold_id, h.customer_id, h.currency_code, h.amount, h.state, h.expire_time,"
            + " h.create_time, h.close_time, h.captured_amount, h.debit_id, h.reference, h.description";

    private Rows() {}

    /** Balances (BALANCE_COLUMNS) with their open grants (GRANT_COLUMNS), by customer and unit, seen at {@code now}. */
    static Map<BalanceKey, BalanceView> balances(RowSet<Row> balances, RowSet<Row> openGrants, Instant now) {
        Map<BalanceKey, List<Grant>> grants = new HashMap<>();
        for (Row row : openGrants) {
            Grant grant = grant(row);
            grants.computeIfAbsent(new BalanceKey(grant.customerId(), grant.unit()), k -> new ArrayList<>())
                    .add(grant);
        }
        Map<BalanceKey, BalanceView> views = new LinkedHashMap<>();
        for (Row row : balances) {
            BalanceKey key = new BalanceKey(row.getString("customer_id"), row.getString("currency_code"));
            views.put(
                    key,
                    new BalanceView(
                            key.customerId(),
                            key.unit(),
                            row.getBigDecimal("granted"),
                            row.getBigDecimal("shortfall"),
                            row.getBigDecimal("held"),
                            row.getLong("version"),
                            row.getBigDecimal("low_balance_threshold"),
                            instant(row, "update_time"),
                            grants.getOrDefault(key, List.of()),
                            ShortfallTimesJson.read(row.getValue("shortfall_times")),
                            now));
        }
        return views;
    }

    /**
     * Balances with their open grants, by customer and unit, seen at {@code now}, from rows of
     * {@link #BALANCE_AND_GRANT_COLUMNS} (columns read by position; rows without a balance are skipped).
     */
    static Map<BalanceKey, BalanceView> balancesWithGrants(RowSet<Row> rows, Instant now) {
        Map<BalanceKey, List<Grant>> grants = new LinkedHashMap<>();
        Map<BalanceKey, Row> balances = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.getValue(1) == null) {
                continue;
            }
            BalanceKey key = new BalanceKey(row.getString(0), row.getString(1));
            balances.putIfAbsent(key, row);
            List<Grant> ofBalance = grants.computeIfAbsent(key, k -> new ArrayList<>());
            if (row.getValue(9) != null) {
                ofBalance.add(new Grant(
                        row.getUUID(9),
                        key.customerId(),
                        key.unit(),
                        GrantSource.valueOf(row.getString(10)),
                        row.getBigDecimal(11),
                        row.getBigDecimal(12),
                        instant(row, 13),
                        instant(row, 14),
                        row.getInteger(15),
                        row.getString(16),
                        period(instant(row, 22), instant(row, 23)),
                        row.getString(17),
                        row.getString(18),
                        row.getLong(19),
                        instant(row, 20),
                        instant(row, 21)));
            }
        }
        Map<BalanceKey, BalanceView> views = new LinkedHashMap<>();
        balances.forEach((key, row) -> views.put(
                key,
                new BalanceView(
                        key.customerId(),
                        key.unit(),
                        row.getBigDecimal(2),
                        row.getBigDecimal(3),
                        row.getBigDecimal(4),
                        row.getLong(5),
                        row.getBigDecimal(6),
                        instant(row, 7),
                        grants.get(key),
                        ShortfallTimesJson.read(row.getValue(8)),
                        now)));
        return views;
    }

    static Grant grant(Row row) {
        return new Grant(
                row.getUUID("grant_id"),
                row.getString("customer_id"),
                row.getString("currency_code"),
                GrantSource.valueOf(row.getString("source")),
                row.getBigDecimal("original_amount"),
                row.getBigDecimal("remaining_amount"),
                instant(row, "effective_time"),
                instant(row, "expire_time"),
                row.getInteger("priority"),
                row.getString("period_reference"),
                period(instant(row, "period_start"), instant(row, "period_end")),
                row.getString("reference"),
                row.getString("description"),
                row.getLong("created_version"),
                instant(row, "create_time"),
                instant(row, "close_time"));
    }

    private static Period period(Instant start, Instant end) {
        return start == null ? null : new Period(start, end);
    }

    static Shortfall shortfall(Row row) {
        return new Shortfall(
                row.getUUID("debit_id"),
                row.getString("customer_id"),
                row.getString("currency_code"),
                instant(row, "occurred_time"),
                row.getBigDecimal("amount"),
                row.getBigDecimal("outstanding"),
                row.getUUID("claim_id"),
                row.getString("claim_reference"),
                row.getBigDecimal("claimed_amount"),
                instant(row, "claim_time"));
    }

    static Hold hold(Row row) {
        return new Hold(
                row.getUUID("hold_id"),
                row.getString("customer_id"),
                row.getString("currency_code"),
                row.getBigDecimal("amount"),
                HoldState.valueOf(row.getString("state")),
                instant(row, "expire_time"),
                instant(row, "create_time"),
                instant(row, "close_time"),
                row.getBigDecimal("captured_amount"),
                row.getUUID("debit_id"),
                row.getString("reference"),
                row.getString("description"));
    }

    static LedgerEntry entry(Row row) {
        JsonObject metadata = row.getJsonObject("metadata");
        Map<String, String> pairs = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach(e -> pairs.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return new LedgerEntry(
                row.getLong("entry_id"),
                row.getString("customer_id"),
                row.getString("currency_code"),
                EntryType.valueOf(row.getString("entry_type")),
                row.getBigDecimal("amount"),
                row.getBigDecimal("balance_after"),
                row.getBigDecimal("shortfall_after"),
                row.getLong("balance_version"),
                row.getUUID("grant_id"),
                row.getUUID("debit_id"),
                row.getUUID("hold_id"),
                instant(row, "occurred_time"),
                row.getUUID("operation_id"),
                row.getString("reference"),
                row.getString("idempotency_key"),
                row.getString("description"),
                pairs,
                instant(row, "create_time"));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
