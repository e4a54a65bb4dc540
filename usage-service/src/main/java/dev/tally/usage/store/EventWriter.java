package dev.tally.usage.store;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import dev.tally.support.store.Columns;
import dev.tally.usage.domain.AllowanceKey;
import dev.tally.usage.domain.DebitState;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventFigures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The statements of the hot path, on the caller's transaction (the reactive PostgreSQL client
 * directly: set-based statements with {@code unnest} of array parameters, so a flush of 1,000 events
 * is a handful of statements, pipelined on the connection):
 * <ul>
 * <li>{@link #debitStates}: the current debit state of replayed events (one statement);</li>
 * <li>{@link #raiseAllowances}: METERED units per (customer, period, feature) raised by the new
 * events, returning the totals after them (one upsert whose row lock orders concurrent writers);</li>
 * <li>{@link #insert}: the new events and their aggregate deltas (two statements).</li>
 * </ul>
 */
@ApplicationScoped
public class EventWriter {

    static final String INSERT_EVENTS = "INSERT INTO usage_event (event_id, customer_id, idempotency_key, feature_code,"
            + " occurred_time, period_start, period_end, consumption_model, units, model_id, provider, input_tokens,"
            + " output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens,"
            + " provider_cost, cost_currency, charge_amount, charge_currency, margin_amount, included_units, overage_units,"
            + " detail, debit_status, create_time)"
            + " SELECT id::uuid, c, k, f, o::timestamptz, ps::timestamptz, pe::timestamptz, m, u::numeric, mid, prov,"
            + " t1, t2, t3, t4, t5, t6, pc::numeric, cc, ca::numeric, cu, ma::numeric, inc::numeric, ov::numeric, d, s, $27"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
            + " $9::text[], $10::text[], $11::text[], $12::int8[], $13::int8[], $14::int8[], $15::int8[], $16::int8[],"
            + " $17::int8[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[],"
            + " $25::bytea[], $26::text[])"
            + " AS x(id, c, k, f, o, ps, pe, m, u, mid, prov, t1, t2, t3, t4, t5, t6, pc, cc, ca, cu, ma, inc, ov, d, s)";
    static final String UPSERT_ALLOWANCE =
            "INSERT INTO usage_allowance AS a (customer_id, period_start, feature_code, units)"
                    + " SELECT c, p::timestamptz, f, u::numeric FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                    + " AS x(c, p, f, u) ORDER BY c, p, f"
                    + " ON CONFLICT (customer_id, period_start, feature_code) DO UPDATE SET units = a.units + EXCLUDED.units"
                    + " RETURNING customer_id, period_start, feature_code, units::text";
    static final String DEBIT_STATES = "SELECT event_id::text, debit_status, debit_shortfall::text, balance_after::text"
            + " FROM usage_event WHERE event_id = ANY($1::uuid[])";

    /**
     * A new event as stored.
     *
     * @param detail the event as listed (a tally.usage.v1.UsageEvent without its debit and correction state)
     * @param status its debit status as of the commit (PENDING or NOT_REQUIRED)
     */
    public record NewEvent(
            UUID eventId,
            String customerId,
            String idempotencyKey,
            String featureCode,
            Instant occurredTime,
            Period period,
            ConsumptionModel model,
            EventFigures figures,
            byte[] detail,
            DebitStatus status) {}

    /** The current debit state of the events (those that exist). */
    public Uni<Map<UUID, DebitState>> debitStates(SqlClient tx, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery(DEBIT_STATES)
                .execute(Tuple.of(eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, DebitState> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(
                                UUID.fromString(row.getString(0)),
                                new DebitState(
                                        DebitStatus.valueOf(row.getString(1)),
                                        EventReader.decimal(row.getString(2)),
                                        EventReader.decimal(row.getString(3))));
                    }
                    return states;
                });
    }

    /** Raises the allowances by the units (locking their rows in key order); their units after it. */
    public Uni<Map<AllowanceKey, BigDecimal>> raiseAllowances(SqlClient tx, Map<AllowanceKey, BigDecimal> units) {
        if (units.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Map.Entry<AllowanceKey, BigDecimal>> rows = new ArrayList<>(units.entrySet());
        Tuple params = Columns.of(rows)
                .text(r -> r.getKey().customerId())
                .text(r -> r.getKey().periodStart())
                .text(r -> r.getKey().featureCode())
                .text(Map.Entry::getValue)
                .tuple();
        return tx.preparedQuery(UPSERT_ALLOWANCE).execute(params).map(result -> {
            Map<AllowanceKey, BigDecimal> totals = new HashMap<>();
            for (Row row : result) {
                totals.put(
                        new AllowanceKey(
                                row.getString(0), row.getOffsetDateTime(1).toInstant(), row.getString(2)),
                        new BigDecimal(row.getString(3)));
            }
            return totals;
        });
    }

    /** Inserts the events and adds them to the aggregates (two statements, sent together). */
    public Uni<Void> insert(SqlClient tx, List<NewEvent> events, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        AggregateDeltas aggregates = new AggregateDeltas();
        events.forEach(e -> aggregates.add(e.figures(), 1));
        Uni<Void> eventsWritten =
                tx.preparedQuery(INSERT_EVENTS).execute(columns(events, now)).replaceWithVoid();
        Uni<Void> aggregatesWritten = aggregates.write(tx);
        return Uni.combine().all().unis(eventsWritten, aggregatesWritten).discardItems();
    }

    private static Tuple columns(List<NewEvent> events, Instant now) {
        Columns<NewEvent> c = Columns.of(events)
                .text(NewEvent::eventId)
                .text(NewEvent::customerId)
                .text(NewEvent::idempotencyKey)
                .text(NewEvent::featureCode)
                .text(NewEvent::occurredTime)
                .text(e -> e.period().start())
                .text(e -> e.period().end())
                .text(e -> e.model().name())
                .text(e -> e.figures().units())
                .text(e -> e.figures().modelId())
                .text(e -> e.figures().provider());
        for (int i = 0; i < 6; i++) {
            int t = i;
            c.int8(e -> e.figures().tokens()[t]);
        }
        return c.text(e -> e.figures().providerCost())
                .text(e -> e.figures().costCurrency())
                .text(e -> e.figures().chargeAmount())
                .text(e -> e.figures().chargeCurrency())
                .text(e -> e.figures().marginAmount())
                .text(e -> e.figures().includedUnits())
                .text(e -> e.figures().overageUnits())
                .bytea(NewEvent::detail)
                .text(e -> e.status().name())
                .value(now.atOffset(ZoneOffset.UTC))
                .tuple();
    }
}
