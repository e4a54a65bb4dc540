package dev.tally.usage.store;

import dev.tally.support.ids.TimeOrderedIds;
import dev.tally.support.error.SqlStates;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.IdempotentBatch;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.store.Columns;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.ingest.PricedEvent;
import dev.tally.usage.ingest.RecordedEvent;
import dev.tally.usage.ingest.WalletOp;
import dev.tally.usage.v1.TrackResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a flush of priced Track items in ONE transaction (the hot path; the reactive PostgreSQL
 * client directly, set-based statements with {@code unnest} of array parameters, pipelined on the
 * connection):
 * <ol>
 * <li>the idempotency records of all keys (one statement): replay, refuse a reused key, or new;</li>
 * <li>for replays, the event's current debit state (one statement);</li>
 * <li>METERED: the feature's units this period, raised by the new items (one upsert whose row lock
 * orders concurrent writers) → each item's exact split into included and overage units;</li>
 * <li>the new idempotency records, events, aggregate deltas and outbox rows (four statements).</li>
 * </ol>
 * The records are written first: two replicas storing one key at the same instant collide there,
 * the later transaction is rolled back and run again, and then replays the winner's event. So the
 * record, the event, its aggregates and its outbox row exist together or not at all.
 */
@ApplicationScoped
public class EventWriter {

    /** How a Track answer is stored with its key and replayed (Track, TrackBatch and TrackStream share it). */
    public static final Replies<TrackResponse> TRACK =
            Replies.of(TrackResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    /** The RPC name stored with the keys of Track, TrackBatch and TrackStream items: one operation. */
    public static final String TRACK_METHOD = "Track";

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
    static final String UPSERT_ALLOWANCE = "INSERT INTO usage_allowance AS a (customer_id, period_start, feature_code, units)"
            + " SELECT c, p::timestamptz, f, u::numeric FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
            + " AS x(c, p, f, u) ORDER BY c, p, f"
            + " ON CONFLICT (customer_id, period_start, feature_code) DO UPDATE SET units = a.units + EXCLUDED.units"
            + " RETURNING customer_id, period_start, feature_code, units::text";
    static final String DEBIT_STATES = "SELECT event_id::text, debit_status, debit_shortfall::text, balance_after::text"
            + " FROM usage_event WHERE event_id = ANY($1::uuid[])";

    private final Pool pool;
    private final OutboxStore outbox;
    private final IdempotencyStore records = new IdempotencyStore();

    private final java.time.Duration lease;

    EventWriter(Pool pool, OutboxStore outbox, dev.tally.usage.config.UsageConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.lease = config.outbox().lease();
    }

    /** Stores the items in one transaction; one outcome per item, in order. */
    public Uni<List<TrackOutcome>> write(List<PricedEvent> events, Rendering rendering, Instant now) {
        return records.retryOnRace(() -> pool.withTransaction(tx -> run(tx, events, rendering, now)))
                .onFailure(SqlStates::isConcurrencyConflict).retry().atMost(2);
    }

    private Uni<List<TrackOutcome>> run(SqlClient tx, List<PricedEvent> events, Rendering rendering, Instant now) {
        List<RequestKey> keys = events.stream().map(e -> e.item().key()).toList();
        return records.openBatch(tx, keys, TRACK).flatMap(batch -> {
            Flush flush = new Flush(events, batch);
            return flush.debitStates(tx)
                    .flatMap(states -> flush.allowance(tx).map(totals -> flush.decide(states, totals, rendering, now)))
                    .flatMap(recorded -> flush.writeAll(tx, recorded, rendering, now));
        });
    }

    /** One transaction's items and decisions. */
    private final class Flush {
        private final List<PricedEvent> events;
        private final IdempotentBatch<TrackResponse> batch;
        private final TrackOutcome[] outcomes;
        private final List<Integer> fresh = new ArrayList<>();
        private final Map<Integer, Integer> repeatOf = new HashMap<>();
        private final Map<Integer, Reply<TrackResponse>> replays = new HashMap<>();

        Flush(List<PricedEvent> events, IdempotentBatch<TrackResponse> batch) {
            this.events = events;
            this.batch = batch;
            this.outcomes = new TrackOutcome[events.size()];
            Map<RequestKey.Slot, Integer> first = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                RequestKey key = events.get(i).item().key();
                Integer earlier = first.get(key.slot());
                if (earlier != null) {
                    if (key.equals(events.get(earlier).item().key())) {
                        repeatOf.put(i, earlier);
                    } else {
                        outcomes[i] = new TrackOutcome.Failed(TallyException.idempotencyKeyReused(key.key()));
                    }
                    continue;
                }
                try {
                    Reply<TrackResponse> stored = batch.replay(key);
                    if (stored == null) {
                        first.put(key.slot(), i);
                        fresh.add(i);
                    } else {
                        replays.put(i, stored);
                    }
                } catch (TallyException reused) {
                    outcomes[i] = new TrackOutcome.Failed(reused);
                }
            }
        }

        Uni<Map<String, DebitState>> debitStates(SqlClient tx) {
            if (replays.isEmpty()) {
                return Uni.createFrom().item(Map.of());
            }
            UUID[] ids = replays.values().stream().map(r -> UUID.fromString(r.resourceId())).toArray(UUID[]::new);
            return tx.preparedQuery(DEBIT_STATES).execute(Tuple.of(ids)).map(rows -> {
                Map<String, DebitState> states = new HashMap<>();
                for (Row row : rows) {
                    states.put(row.getString(0), new DebitState(row.getString(1), decimal(row.getString(2)),
                            decimal(row.getString(3))));
                }
                return states;
            });
        }

        /** METERED items: the feature's units this period after this transaction, per (customer, period, feature). */
        Uni<Map<String, BigDecimal>> allowance(SqlClient tx) {
            Map<String, BigDecimal> deltas = new LinkedHashMap<>();
            Map<String, String[]> keyParts = new HashMap<>();
            for (int i : fresh) {
                PricedEvent e = events.get(i);
                if (e.plan().model() == ConsumptionModel.METERED) {
                    String key = allowanceKey(e);
                    deltas.merge(key, e.charge().units(), BigDecimal::add);
                    keyParts.put(key, new String[]{e.item().customerId(), micros(e.plan().period().start()).toString(),
                            e.item().featureCode()});
                }
            }
            if (deltas.isEmpty()) {
                return Uni.createFrom().item(Map.of());
            }
            List<Map.Entry<String, BigDecimal>> rows = new ArrayList<>(deltas.entrySet());
            Tuple params = Columns.of(rows).text(r -> keyParts.get(r.getKey())[0]).text(r -> keyParts.get(r.getKey())[1])
                    .text(r -> keyParts.get(r.getKey())[2]).text(Map.Entry::getValue).tuple();
            return tx.preparedQuery(UPSERT_ALLOWANCE).execute(params).map(result -> {
                Map<String, BigDecimal> totals = new HashMap<>();
                for (Row row : result) {
                    totals.put(row.getString(0) + "|" + row.getOffsetDateTime(1).toInstant() + "|" + row.getString(2),
                            new BigDecimal(row.getString(3)));
                }
                return totals;
            });
        }

        List<RecordedEvent> decide(Map<String, DebitState> states, Map<String, BigDecimal> totals, Rendering rendering,
                                   Instant now) {
            Map<String, BigDecimal> used = new HashMap<>();
            totals.forEach((key, total) -> used.put(key, total));
            // the units this transaction adds come last: what was used before it is the total minus them
            Map<String, BigDecimal> added = new HashMap<>();
            for (int i : fresh) {
                PricedEvent e = events.get(i);
                if (e.plan().model() == ConsumptionModel.METERED) {
                    added.merge(allowanceKey(e), e.charge().units(), BigDecimal::add);
                }
            }
            added.forEach((key, units) -> used.computeIfPresent(key, (k, total) -> total.subtract(units)));
            List<RecordedEvent> recorded = new ArrayList<>(fresh.size());
            for (int i : fresh) {
                PricedEvent e = events.get(i);
                MeteredSplit split = null;
                BigDecimal usedAfter = null;
                if (e.plan().model() == ConsumptionModel.METERED) {
                    String key = allowanceKey(e);
                    BigDecimal before = used.get(key);
                    split = MeteredSplit.of(e.charge().units(), before, e.feature().includedUnits());
                    usedAfter = before.add(e.charge().units());
                    used.put(key, usedAfter);
                }
                RecordedEvent event = new RecordedEvent(TimeOrderedIds.next(now), now, e, split, usedAfter);
                TrackResponse response = rendering.response(event);
                batch.applied(e.item().key(), response, event.eventId().toString());
                recorded.add(event);
                outcomes[i] = new TrackOutcome.Recorded(event, response, rendering.walletOp(event), null);
            }
            for (Map.Entry<Integer, Reply<TrackResponse>> replay : replays.entrySet()) {
                DebitState state = states.get(replay.getValue().resourceId());
                outcomes[replay.getKey()] = new TrackOutcome.Replayed(state == null
                        ? replay.getValue().response() : rendering.replay(replay.getValue().response(), state));
            }
            return recorded;
        }

        Uni<List<TrackOutcome>> writeAll(SqlClient tx, List<RecordedEvent> recorded, Rendering rendering, Instant now) {
            if (recorded.isEmpty()) {
                return Uni.createFrom().item(finish(Map.of()));
            }
            AggregateDeltas aggregates = new AggregateDeltas();
            List<WalletOp> ops = new ArrayList<>();
            for (int i : fresh) {
                TrackOutcome.Recorded r = (TrackOutcome.Recorded) outcomes[i];
                aggregates.add(figures(r.event()), 1);
                if (r.op() != null) {
                    ops.add(r.op());
                }
            }
            Uni<Void> recordsWritten = records.closeBatch(tx, batch, now);
            Uni<Void> eventsWritten = tx.preparedQuery(INSERT_EVENTS).execute(eventColumns(recorded, rendering, now)).replaceWithVoid();
            Uni<Void> aggregatesWritten = aggregates.write(tx);
            Uni<Map<UUID, Long>> outboxWritten = outbox.insert(tx, ops, now, lease);
            return Uni.combine().all().unis(recordsWritten, eventsWritten, aggregatesWritten, outboxWritten)
                    .with((a, b, c, ids) -> finish(ids));
        }

        private List<TrackOutcome> finish(Map<UUID, Long> outboxIds) {
            for (int i : fresh) {
                TrackOutcome.Recorded r = (TrackOutcome.Recorded) outcomes[i];
                outcomes[i] = new TrackOutcome.Recorded(r.event(), r.response(), r.op(), outboxIds.get(r.event().eventId()));
            }
            for (Map.Entry<Integer, Integer> repeat : repeatOf.entrySet()) {
                TrackOutcome first = outcomes[repeat.getValue()];
                outcomes[repeat.getKey()] = first instanceof TrackOutcome.Recorded r
                        ? new TrackOutcome.Replayed(TRACK.markDuplicate().apply(r.response())) : first;
            }
            return List.of(outcomes);
        }
    }

    /** The figures of a recorded event, as the aggregates sum them. */
    static EventFigures figures(RecordedEvent event) {
        PricedEvent e = event.priced();
        return EventFigures.of(e.item().customerId(), micros(e.plan().period().start()), e.item().featureCode(),
                e.item().quantity(), e.charge(), event.split());
    }

    private static Tuple eventColumns(List<RecordedEvent> recorded, Rendering rendering, Instant now) {
        List<Object[]> rows = new ArrayList<>(recorded.size());
        for (RecordedEvent r : recorded) {
            rows.add(new Object[]{r, figures(r)});
        }
        Columns<Object[]> c = Columns.of(rows)
                .text(r -> ((RecordedEvent) r[0]).eventId())
                .text(r -> ((RecordedEvent) r[0]).priced().item().customerId())
                .text(r -> ((RecordedEvent) r[0]).priced().item().key().key())
                .text(r -> ((RecordedEvent) r[0]).priced().item().featureCode())
                .text(r -> micros(((RecordedEvent) r[0]).priced().item().occurredTime()))
                .text(r -> micros(((RecordedEvent) r[0]).priced().plan().period().start()))
                .text(r -> micros(((RecordedEvent) r[0]).priced().plan().period().end()))
                .text(r -> ((RecordedEvent) r[0]).priced().plan().model().name())
                .text(r -> ((EventFigures) r[1]).units())
                .text(r -> ((EventFigures) r[1]).modelId())
                .text(r -> ((EventFigures) r[1]).provider());
        for (int i = 0; i < 6; i++) {
            int t = i;
            c.int8(r -> ((EventFigures) r[1]).tokens()[t]);
        }
        return c.text(r -> ((EventFigures) r[1]).providerCost())
                .text(r -> ((EventFigures) r[1]).costCurrency())
                .text(r -> ((EventFigures) r[1]).chargeAmount())
                .text(r -> ((EventFigures) r[1]).chargeCurrency())
                .text(r -> ((EventFigures) r[1]).marginAmount())
                .text(r -> ((EventFigures) r[1]).includedUnits())
                .text(r -> ((EventFigures) r[1]).overageUnits())
                .bytea(r -> rendering.detail((RecordedEvent) r[0]))
                .text(r -> initialStatus((RecordedEvent) r[0], rendering))
                .value(now.atOffset(java.time.ZoneOffset.UTC))
                .tuple();
    }

    private static String initialStatus(RecordedEvent event, Rendering rendering) {
        return event.priced().charge().needsDebit() ? "PENDING" : "NOT_REQUIRED";
    }

    private static String allowanceKey(PricedEvent e) {
        return e.item().customerId() + "|" + micros(e.plan().period().start()) + "|" + e.item().featureCode();
    }

    static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
