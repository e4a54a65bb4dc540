package dev.tally.usage.store;

import dev.tally.support.store.Columns;
import dev.tally.usage.domain.EventFigures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a transaction changes in {@code usage_aggregate}: events added (+1) or taken away (−1, a
 * void; an amendment is −old +new), summed per row key, then written with one upsert whose rows are
 * sorted by key (concurrent writers lock rows in the same order and cannot deadlock).
 */
final class AggregateDeltas {

    static final String UPSERT = "INSERT INTO usage_aggregate AS a (customer_id, period_start, feature_code, model_id,"
            + " cost_currency, event_count, units, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,"
            + " cache_write_1h_tokens, reasoning_tokens, provider_cost, charge_amount, margin_amount)"
            + " SELECT c, p::timestamptz, f, m, cc, n, u::numeric, t1, t2, t3, t4, t5, t6, pc::numeric, ca::numeric, ma::numeric"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[], $8::int8[],"
            + " $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::text[], $15::text[], $16::text[])"
            + " AS x(c, p, f, m, cc, n, u, t1, t2, t3, t4, t5, t6, pc, ca, ma) ORDER BY c, p, f, m, cc"
            + " ON CONFLICT (customer_id, period_start, feature_code, model_id, cost_currency) DO UPDATE SET"
            + " event_count = a.event_count + EXCLUDED.event_count, units = a.units + EXCLUDED.units,"
            + " input_tokens = a.input_tokens + EXCLUDED.input_tokens, output_tokens = a.output_tokens + EXCLUDED.output_tokens,"
            + " cache_read_tokens = a.cache_read_tokens + EXCLUDED.cache_read_tokens,"
            + " cache_write_5m_tokens = a.cache_write_5m_tokens + EXCLUDED.cache_write_5m_tokens,"
            + " cache_write_1h_tokens = a.cache_write_1h_tokens + EXCLUDED.cache_write_1h_tokens,"
            + " reasoning_tokens = a.reasoning_tokens + EXCLUDED.reasoning_tokens,"
            + " provider_cost = a.provider_cost + EXCLUDED.provider_cost, charge_amount = a.charge_amount + EXCLUDED.charge_amount,"
            + " margin_amount = a.margin_amount + EXCLUDED.margin_amount";

    /** Deltas with a negative part (voids, amendments) move existing rows: an upsert would check its insert row first. */
    static final String MOVE =
            "UPDATE usage_aggregate a SET event_count = a.event_count + x.n, units = a.units + x.u::numeric,"
                    + " input_tokens = a.input_tokens + x.t1, output_tokens = a.output_tokens + x.t2,"
                    + " cache_read_tokens = a.cache_read_tokens + x.t3, cache_write_5m_tokens = a.cache_write_5m_tokens + x.t4,"
                    + " cache_write_1h_tokens = a.cache_write_1h_tokens + x.t5, reasoning_tokens = a.reasoning_tokens + x.t6,"
                    + " provider_cost = a.provider_cost + x.pc::numeric, charge_amount = a.charge_amount + x.ca::numeric,"
                    + " margin_amount = a.margin_amount + x.ma::numeric"
                    + " FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[],"
                    + " $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::text[], $15::text[], $16::text[])"
                    + " AS y(c, p, f, m, cc, n, u, t1, t2, t3, t4, t5, t6, pc, ca, ma) ORDER BY c, p, f, m, cc) x"
                    + " WHERE a.customer_id = x.c AND a.period_start = x.p::timestamptz AND a.feature_code = x.f AND a.model_id = x.m"
                    + " AND a.cost_currency = x.cc";

    private record Key(String customerId, String periodStart, String featureCode, String modelId, String costCurrency)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = customerId.compareTo(o.customerId);
            if (c == 0) c = periodStart.compareTo(o.periodStart);
            if (c == 0) c = featureCode.compareTo(o.featureCode);
            if (c == 0) c = modelId.compareTo(o.modelId);
            return c == 0 ? costCurrency.compareTo(o.costCurrency) : c;
        }
    }

    private static final class Sum {
        long count;
        BigDecimal units = BigDecimal.ZERO;
        final long[] tokens = new long[6];
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal charge = BigDecimal.ZERO;
        BigDecimal margin = BigDecimal.ZERO;

        boolean negative() {
            boolean tokensNegative = false;
            for (long t : tokens) {
                tokensNegative |= t < 0;
            }
            return count < 0
                    || tokensNegative
                    || units.signum() < 0
                    || cost.signum() < 0
                    || charge.signum() < 0
                    || margin.signum() < 0;
        }
    }

    private final Map<Key, Sum> sums = new TreeMap<>();

    void add(EventFigures e, int sign) {
        Sum sum = sums.computeIfAbsent(
                new Key(e.customerId(), e.periodStart().toString(), e.featureCode(), e.modelId(), e.costCurrency()),
                k -> new Sum());
        BigDecimal s = BigDecimal.valueOf(sign);
        sum.count += sign;
        sum.units = sum.units.add(e.units().multiply(s));
        for (int i = 0; i < 6; i++) {
            sum.tokens[i] += sign * e.tokens()[i];
        }
        sum.cost = sum.cost.add(e.providerCost().multiply(s));
        sum.charge = sum.charge.add(e.chargeAmount().multiply(s));
        sum.margin = sum.margin.add(e.marginAmount().multiply(s));
    }

    Uni<Void> write(SqlClient tx) {
        List<Map.Entry<Key, Sum>> added = new ArrayList<>();
        List<Map.Entry<Key, Sum>> moved = new ArrayList<>();
        for (Map.Entry<Key, Sum> row : sums.entrySet()) {
            (row.getValue().negative() ? moved : added).add(row);
        }
        return write(tx, UPSERT, added).call(() -> write(tx, MOVE, moved));
    }

    private static Uni<Void> write(SqlClient tx, String sql, List<Map.Entry<Key, Sum>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns<Map.Entry<Key, Sum>> c = Columns.of(rows)
                .text(r -> r.getKey().customerId())
                .text(r -> r.getKey().periodStart())
                .text(r -> r.getKey().featureCode())
                .text(r -> r.getKey().modelId())
                .text(r -> r.getKey().costCurrency())
                .int8(r -> r.getValue().count)
                .text(r -> r.getValue().units);
        for (int i = 0; i < 6; i++) {
            int t = i;
            c.int8(r -> r.getValue().tokens[t]);
        }
        c.text(r -> r.getValue().cost).text(r -> r.getValue().charge).text(r -> r.getValue().margin);
        return tx.preparedQuery(sql).execute(c.tuple()).replaceWithVoid();
    }
}
