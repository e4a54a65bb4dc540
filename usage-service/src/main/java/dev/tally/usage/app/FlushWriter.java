package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.SqlStates;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.IdempotentBatch;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.ids.TimeOrderedIds;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.domain.AllowanceKey;
import dev.tally.usage.domain.DebitState;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventFigures;
import dev.tally.usage.domain.MeteredAllowance;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.domain.WalletOp;
import dev.tally.usage.store.EventWriter;
import dev.tally.usage.store.OutboxStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a flush of priced Track items in ONE transaction (the hot path; set-based statements,
 * pipelined on the connection):
 * <ol>
 * <li>the idempotency records of all keys (one statement): replay, refuse a reused key, or new;</li>
 * <li>for replays, the event's current debit state (one statement);</li>
 * <li>METERED: the feature's units this period, raised by the new items (one upsert whose row lock
 * orders concurrent writers) → each item's exact split ({@link MeteredAllowance});</li>
 * <li>the new idempotency records, events, aggregate deltas and outbox rows (four statements, sent
 * together).</li>
 * </ol>
 * The records are written first: two replicas storing one key at the same instant collide there,
 * the later transaction is rolled back and run again, and then replays the winner's event. So the
 * record, the event, its aggregates and its outbox row exist together or not at all. The answers
 * stored with the keys and the events' details are rendered by the caller ({@link TrackRendering}).
 */
@ApplicationScoped
public class FlushWriter {

    private final Pool pool;
    private final IdempotencyStore records;
    private final EventWriter events;
    private final OutboxStore outbox;
    private final LastBalances balances;
    private final Duration lease;

    FlushWriter(
            Pool pool,
            IdempotencyStore records,
            EventWriter events,
            OutboxStore outbox,
            LastBalances balances,
            UsageConfig config) {
        this.pool = pool;
        this.records = records;
        this.events = events;
        this.outbox = outbox;
        this.balances = balances;
        this.lease = config.outbox().lease();
    }

    /** Stores the items in one transaction; one outcome per item, in order. */
    <P extends MessageLite> Uni<List<TrackOutcome<P>>> write(
            List<PricedEvent> priced, TrackRendering<P> rendering, Instant now) {
        return records.retryOnRace(() -> pool.withTransaction(tx -> run(tx, priced, rendering, now)))
                .onFailure(SqlStates::isConcurrencyConflict)
                .retry()
                .atMost(2);
    }

    private <P extends MessageLite> Uni<List<TrackOutcome<P>>> run(
            SqlClient tx, List<PricedEvent> priced, TrackRendering<P> rendering, Instant now) {
        List<RequestKey> keys = priced.stream().map(e -> e.item().key()).toList();
        return records.openBatch(tx, keys, rendering.replies()).flatMap(batch -> {
            Flush<P> flush = new Flush<>(priced, batch, rendering);
            return events.debitStates(tx, flush.replayedEvents())
                    .flatMap(states -> events.raiseAllowances(tx, flush.allowanceDeltas())
                            .map(totals -> flush.decide(states, totals, now)))
                    .flatMap(recorded -> flush.writeAll(tx, recorded, now));
        });
    }

    /** One transaction's items and decisions. */
    private final class Flush<P extends MessageLite> {
        private final List<PricedEvent> priced;
        private final IdempotentBatch<P> batch;
        private final TrackRendering<P> rendering;
        private final List<TrackOutcome<P>> outcomes;
        private final List<Integer> fresh = new ArrayList<>();
        private final Map<Integer, Integer> repeatOf = new HashMap<>();
        private final Map<Integer, Reply<P>> replays = new HashMap<>();

        Flush(List<PricedEvent> priced, IdempotentBatch<P> batch, TrackRendering<P> rendering) {
            this.priced = priced;
            this.batch = batch;
            this.rendering = rendering;
            this.outcomes = new ArrayList<>(priced.size());
            Map<RequestKey.Slot, Integer> first = new HashMap<>();
            for (int i = 0; i < priced.size(); i++) {
                outcomes.add(null);
                RequestKey key = priced.get(i).item().key();
                Integer earlier = first.get(key.slot());
                if (earlier != null) {
                    if (key.equals(priced.get(earlier).item().key())) {
                        repeatOf.put(i, earlier);
                    } else {
                        outcomes.set(i, new TrackOutcome.Failed<>(TallyException.idempotencyKeyReused(key.key())));
                    }
                    continue;
                }
                try {
                    Reply<P> stored = batch.replay(key);
                    if (stored == null) {
                        first.put(key.slot(), i);
                        fresh.add(i);
                    } else {
                        replays.put(i, stored);
                    }
                } catch (TallyException reused) {
                    outcomes.set(i, new TrackOutcome.Failed<>(reused));
                }
            }
        }

        /** The events the replayed items recorded before. */
        List<UUID> replayedEvents() {
            return replays.values().stream()
                    .map(r -> UUID.fromString(r.resourceId()))
                    .toList();
        }

        /** METERED: the units the new items add, per allowance. */
        Map<AllowanceKey, BigDecimal> allowanceDeltas() {
            Map<AllowanceKey, BigDecimal> deltas = new LinkedHashMap<>();
            for (int i : fresh) {
                PricedEvent e = priced.get(i);
                if (e.plan().model() == ConsumptionModel.METERED) {
                    deltas.merge(allowanceKey(e), e.charge().units(), BigDecimal::add);
                }
            }
            return deltas;
        }

        List<RecordedEvent> decide(Map<UUID, DebitState> states, Map<AllowanceKey, BigDecimal> totals, Instant now) {
            MeteredAllowance allowance = new MeteredAllowance(totals, allowanceDeltas());
            List<RecordedEvent> recorded = new ArrayList<>(fresh.size());
            for (int i : fresh) {
                PricedEvent e = priced.get(i);
                MeteredSplit split = null;
                BigDecimal usedAfter = null;
                BigDecimal balance = null;
                if (e.plan().model() == ConsumptionModel.METERED) {
                    AllowanceKey key = allowanceKey(e);
                    split = allowance.next(key, e.charge().units(), e.feature().includedUnits());
                    usedAfter = allowance.used(key);
                } else {
                    balance = balances.after(e.item().customerId(), e.charge());
                }
                RecordedEvent event = new RecordedEvent(TimeOrderedIds.next(now), now, e, split, usedAfter, balance);
                P response = rendering.recorded(event);
                batch.applied(e.item().key(), response, event.eventId().toString());
                recorded.add(event);
                outcomes.set(i, new TrackOutcome.Recorded<>(event, response, WalletCalls.forEvent(event), null));
            }
            for (Map.Entry<Integer, Reply<P>> replay : replays.entrySet()) {
                DebitState state = states.get(UUID.fromString(replay.getValue().resourceId()));
                P stored = replay.getValue().response();
                outcomes.set(
                        replay.getKey(),
                        new TrackOutcome.Replayed<>(state == null ? stored : rendering.withDebitState(stored, state)));
            }
            return recorded;
        }

        Uni<List<TrackOutcome<P>>> writeAll(SqlClient tx, List<RecordedEvent> recorded, Instant now) {
            if (recorded.isEmpty()) {
                return Uni.createFrom().item(finish(Map.of()));
            }
            List<EventWriter.NewEvent> rows = new ArrayList<>(recorded.size());
            for (RecordedEvent r : recorded) {
                rows.add(newEvent(r, rendering.detail(r)));
            }
            List<WalletOp> ops = new ArrayList<>();
            for (int i : fresh) {
                WalletOp op = ((TrackOutcome.Recorded<P>) outcomes.get(i)).op();
                if (op != null) {
                    ops.add(op);
                }
            }
            Uni<Void> recordsWritten = records.closeBatch(tx, batch, now);
            Uni<Void> eventsWritten = events.insert(tx, rows, now);
            Uni<Map<UUID, Long>> outboxWritten = outbox.insert(tx, ops, now, lease);
            return Uni.combine()
                    .all()
                    .unis(recordsWritten, eventsWritten, outboxWritten)
                    .with((a, b, ids) -> finish(ids));
        }

        private List<TrackOutcome<P>> finish(Map<UUID, Long> outboxIds) {
            for (int i : fresh) {
                TrackOutcome.Recorded<P> r = (TrackOutcome.Recorded<P>) outcomes.get(i);
                outcomes.set(
                        i,
                        new TrackOutcome.Recorded<>(
                                r.event(),
                                r.response(),
                                r.op(),
                                outboxIds.get(r.event().eventId())));
            }
            for (Map.Entry<Integer, Integer> repeat : repeatOf.entrySet()) {
                TrackOutcome<P> first = outcomes.get(repeat.getValue());
                outcomes.set(
                        repeat.getKey(),
                        first instanceof TrackOutcome.Recorded<P> r
                                ? new TrackOutcome.Replayed<>(
                                        rendering.replies().markDuplicate().apply(r.response()))
                                : first);
            }
            return List.copyOf(outcomes);
        }
    }

    private static EventWriter.NewEvent newEvent(RecordedEvent r, byte[] detail) {
        PricedEvent e = r.priced();
        EventFigures figures = EventFigures.of(
                e.item().customerId(),
                e.plan().period().start(),
                e.item().featureCode(),
                e.item().quantity(),
                e.charge(),
                r.split());
        return new EventWriter.NewEvent(
                r.eventId(),
                e.item().customerId(),
                e.item().key().key(),
                e.item().featureCode(),
                e.item().occurredTime(),
                e.plan().period(),
                e.plan().model(),
                figures,
                detail,
                e.charge().needsDebit() ? DebitStatus.PENDING : DebitStatus.NOT_REQUIRED);
    }

    private static AllowanceKey allowanceKey(PricedEvent e) {
        return new AllowanceKey(
                e.item().customerId(), e.plan().period().start(), e.item().featureCode());
    }
}
