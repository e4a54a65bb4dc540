package dev.tally.wallet.store;

import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.Grant;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.LedgerEntry;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Column lists and row mapping shared by every query of balances, grants and ledger entries. */
final class Rows {

    static final String BALANCE_COLUMNS =
            "b.customer_id, b.currency_code, b.granted, b.shortfall, b.version, b.low_balance_threshold, b.updated_at";
    static final String GRANT_COLUMNS = "g.grant_id, g.customer_id, g.currency_code, g.source, g.original_amount,"
            + " g.remaining_amount, g.expires_at, g.priority, g.period_reference, g.reference, g.description,"
            + " g.created_version, g.created_at, g.expired_at";
    /** Live grants: the only ones a debit consumes or a balance lists. */
    static final String LIVE_GRANT = "g.remaining_amount > 0 AND g.expired_at IS NULL";
    static final String ENTRY_COLUMNS = "e.entry_id, e.customer_id, e.currency_code, e.entry_type, e.amount,"
            + " e.balance_after, e.shortfall_after, e.balance_version, e.grant_id, e.operation_id, e.reference,"
            + " e.idempotency_key, e.description, e.metadata, e.created_at";

    private Rows() {
    }

    /** Balances (BALANCE_COLUMNS) with their live grants (GRANT_COLUMNS), by customer and unit. */
    static Map<BalanceKey, BalanceView> balances(RowSet<Row> balances, RowSet<Row> liveGrants) {
        Map<BalanceKey, List<Grant>> grants = new HashMap<>();
        for (Row row : liveGrants) {
            Grant grant = grant(row);
            grants.computeIfAbsent(new BalanceKey(grant.customerId(), grant.unit()), k -> new ArrayList<>()).add(grant);
        }
        Map<BalanceKey, BalanceView> views = new LinkedHashMap<>();
        for (Row row : balances) {
            BalanceKey key = new BalanceKey(row.getString("customer_id"), row.getString("currency_code"));
            views.put(key, new BalanceView(key.customerId(), key.unit(), row.getBigDecimal("granted"),
                    row.getBigDecimal("shortfall"), row.getLong("version"), row.getBigDecimal("low_balance_threshold"),
                    instant(row, "updated_at"), grants.getOrDefault(key, List.of())));
        }
        return views;
    }

    static Grant grant(Row row) {
        return new Grant(row.getUUID("grant_id"), row.getString("customer_id"), row.getString("currency_code"),
                GrantSource.valueOf(row.getString("source")), row.getBigDecimal("original_amount"),
                row.getBigDecimal("remaining_amount"), instant(row, "expires_at"), row.getInteger("priority"),
                row.getString("period_reference"), row.getString("reference"), row.getString("description"),
                row.getLong("created_version"), instant(row, "created_at"), instant(row, "expired_at"));
    }

    static LedgerEntry entry(Row row) {
        JsonObject metadata = row.getJsonObject("metadata");
        Map<String, String> pairs = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach(e -> pairs.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return new LedgerEntry(row.getLong("entry_id"), row.getString("customer_id"), row.getString("currency_code"),
                EntryType.valueOf(row.getString("entry_type")), row.getBigDecimal("amount"),
                row.getBigDecimal("balance_after"), row.getBigDecimal("shortfall_after"),
                row.getLong("balance_version"), row.getUUID("grant_id"), row.getUUID("operation_id"),
                row.getString("reference"), row.getString("idempotency_key"), row.getString("description"),
                pairs, instant(row, "created_at"));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
