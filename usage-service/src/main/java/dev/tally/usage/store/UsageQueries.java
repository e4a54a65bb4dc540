package dev.tally.usage.store;

import dev.tally.usage.domain.EventFilter;
import dev.tally.usage.domain.GroupTotals;
import dev.tally.usage.domain.PeriodUsage;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.UsageDimension;
import dev.tally.usage.domain.UsageFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The read side: a period's aggregates (GetUsage), event pages (ListEvents), grouped totals (QueryUsage). */
@ApplicationScoped
public class UsageQueries {

    static final String AGGREGATES = "SELECT feature_code, model_id, cost_currency, event_count, units::text,"
            + " input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
            + " reasoning_tokens, provider_cost::text, charge_amount::text, margin_amount::text"
            + " FROM usage_aggregate WHERE customer_id = $1 AND period_start = $2";
    static final String UNSETTLED = "SELECT count(*) FILTER (WHERE debit_status = 'PENDING'),"
            + " count(*) FILTER (WHERE debit_status = 'FAILED') FROM usage_event"
            + " WHERE customer_id = $1 AND period_start = $2 AND debit_status IN ('PENDING', 'FAILED')";
    static final String SHORTFALLS = "SELECT feature_code, sum(debit_shortfall)::text FROM usage_event"
            + " WHERE customer_id = $1 AND occurred_time >= $2 AND occurred_time < $3 AND period_start = $2"
            + " AND void_time IS NULL AND debit_shortfall > 0 GROUP BY feature_code";
    static final String ALLOWANCE = "SELECT units::text FROM usage_allowance"
            + " WHERE customer_id = $1 AND period_start = $2 AND feature_code = $3";

    private final Pool pool;

    UsageQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<PeriodUsage> period(String customerId, Instant periodStart, Instant periodEnd) {
        Tuple key = Tuple.of(customerId, periodStart.atOffset(ZoneOffset.UTC));
        Uni<List<PeriodUsage.Aggregate>> rows = pool.preparedQuery(AGGREGATES)
                .execute(key)
                .map(result -> {
                    List<PeriodUsage.Aggregate> list = new ArrayList<>();
                    for (Row r : result) {
                        long[] tokens = new long[6];
                        for (int i = 0; i < 6; i++) {
                            tokens[i] = r.getLong(5 + i);
                        }
                        list.add(new PeriodUsage.Aggregate(
                                r.getString(0),
                                r.getString(1),
                                r.getString(2),
                                r.getLong(3),
                                new BigDecimal(r.getString(4)),
                                tokens,
                                new BigDecimal(r.getString(11)),
                                new BigDecimal(r.getString(12)),
                                new BigDecimal(r.getString(13))));
                    }
                    return list;
                });
        Uni<Map<String, BigDecimal>> shortfalls = pool.preparedQuery(SHORTFALLS)
                .execute(Tuple.of(customerId, periodStart.atOffset(ZoneOffset.UTC), periodEnd.atOffset(ZoneOffset.UTC)))
                .map(result -> {
                    Map<String, BigDecimal> map = new HashMap<>();
                    result.forEach(r -> map.put(r.getString(0), new BigDecimal(r.getString(1))));
                    return map;
                });
        Uni<long[]> unsettled = pool.preparedQuery(UNSETTLED).execute(key).map(result -> {
            Row r = result.iterator().next();
            return new long[] {r.getLong(0), r.getLong(1)};
        });
        return Uni.combine()
                .all()
                .unis(rows, shortfalls, unsettled)
                .with((a, s, u) -> new PeriodUsage(a, s, u[0], u[1]));
    }

    /** The units of a METERED feature used this period (0 when none). */
    public Uni<BigDecimal> allowanceUsed(String customerId, Instant periodStart, String featureCode) {
        return pool.preparedQuery(ALLOWANCE)
                .execute(Tuple.of(customerId, periodStart.atOffset(ZoneOffset.UTC), featureCode))
                .map(result -> result.size() == 0
                        ? BigDecimal.ZERO
                        : new BigDecimal(result.iterator().next().getString(0)));
    }

    /** Up to {@code limit} events, newest first (occurred_time, then event_id, descending), after the position. */
    public Uni<List<StoredEvent>> events(EventFilter filter, Instant afterTime, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + EventReader.COLUMNS + " FROM usage_event WHERE true");
        List<Object> params = new ArrayList<>();
        if (!filter.customerId().isEmpty()) {
            params.add(filter.customerId());
            sql.append(" AND customer_id = $").append(params.size());
        }
        if (!filter.featureCode().isEmpty()) {
            params.add(filter.featureCode());
            sql.append(" AND feature_code = $").append(params.size());
        }
        if (!filter.modelId().isEmpty()) {
            params.add(filter.modelId());
            sql.append(" AND model_id = $").append(params.size());
        }
        if (!filter.idempotencyKey().isEmpty()) {
            params.add(filter.idempotencyKey());
            sql.append(" AND idempotency_key = $").append(params.size());
        }
        if (filter.from() != null) {
            params.add(filter.from().atOffset(ZoneOffset.UTC));
            sql.append(" AND occurred_time >= $").append(params.size());
        }
        if (filter.to() != null) {
            params.add(filter.to().atOffset(ZoneOffset.UTC));
            sql.append(" AND occurred_time < $").append(params.size());
        }
        if (afterTime != null) {
            params.add(afterTime.atOffset(ZoneOffset.UTC));
            params.add(afterId);
            sql.append(" AND (occurred_time, event_id) < ($")
                    .append(params.size() - 1)
                    .append(", $")
                    .append(params.size())
                    .append(")");
        }
        params.add(limit);
        sql.append(" ORDER BY occurred_time DESC, event_id DESC LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.tuple(params)).map(rows -> {
            List<StoredEvent> events = new ArrayList<>();
            rows.forEach(r -> events.add(EventReader.read(r)));
            return events;
        });
    }

    /** The SQL of a dimension QueryUsage groups by. */
    static String sql(UsageDimension dimension) {
        return switch (dimension) {
            case CUSTOMER -> "customer_id";
            case FEATURE -> "feature_code";
            case MODEL -> "model_id";
            case PROVIDER -> "provider";
            case DAY -> "extract(epoch from date_trunc('day', occurred_time, 'UTC'))::bigint";
        };
    }

    /** QueryUsage: one row of totals per group and currency pair, in group order. */
    public Uni<List<GroupTotals>> totals(UsageFilter filter, List<UsageDimension> groupBy) {
        List<Object> params = new ArrayList<>(
                List.of(filter.from().atOffset(ZoneOffset.UTC), filter.to().atOffset(ZoneOffset.UTC)));
        StringBuilder where =
                new StringBuilder(" WHERE occurred_time >= $1 AND occurred_time < $2 AND void_time IS NULL");
        String[][] filters = {
            {"customer_id", filter.customerId()},
            {"feature_code", filter.featureCode()},
            {"model_id", filter.modelId()},
            {"provider", filter.provider()}
        };
        for (String[] f : filters) {
            if (!f[1].isEmpty()) {
                params.add(f[1]);
                where.append(" AND ").append(f[0]).append(" = $").append(params.size());
            }
        }
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder group = new StringBuilder(" GROUP BY ");
        for (UsageDimension d : groupBy) {
            select.append(sql(d)).append("::text, ");
            group.append(sql(d)).append(", ");
        }
        select.append("count(*), sum(units)::text, sum(input_tokens)::int8, sum(output_tokens)::int8,"
                + " sum(cache_read_tokens)::int8, sum(cache_write_5m_tokens)::int8, sum(cache_write_1h_tokens)::int8,"
                + " sum(reasoning_tokens)::int8, cost_currency, sum(provider_cost)::text, charge_currency,"
                + " sum(charge_amount)::text, sum(margin_amount)::text FROM usage_event");
        group.append("cost_currency, charge_currency ORDER BY ");
        for (int i = 1; i <= groupBy.size(); i++) {
            group.append(i).append(", ");
        }
        group.append("cost_currency, charge_currency");
        String sql = select + where.toString() + group;
        int n = groupBy.size();
        return pool.preparedQuery(sql).execute(Tuple.tuple(params)).map(rows -> {
            List<GroupTotals> list = new ArrayList<>();
            for (Row r : rows) {
                List<String> keys = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    keys.add(r.getString(i));
                }
                long[] tokens = new long[6];
                for (int i = 0; i < 6; i++) {
                    tokens[i] = r.getLong(n + 2 + i);
                }
                list.add(new GroupTotals(
                        keys,
                        r.getLong(n),
                        new BigDecimal(r.getString(n + 1)),
                        tokens,
                        r.getString(n + 8),
                        new BigDecimal(r.getString(n + 9)),
                        r.getString(n + 10),
                        new BigDecimal(r.getString(n + 11)),
                        new BigDecimal(r.getString(n + 12))));
            }
            return list;
        });
    }
}
