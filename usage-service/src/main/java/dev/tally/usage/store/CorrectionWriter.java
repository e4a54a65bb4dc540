package dev.tally.usage.store;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventFigures;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.WalletOp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The statements of voids and amendments of recorded events, on the caller's transaction: the event
 * row locked ({@code FOR UPDATE}), on a METERED plan the feature's allowance row locked, then the
 * event, the aggregates (−old, +new), the allowance and the outbox rows (the reversal of the debit in
 * force, and the new debit) written together.
 */
@ApplicationScoped
public class CorrectionWriter {

    static final String LOCK_EVENT = "SELECT " + EventReader.COLUMNS + " FROM usage_event"
            + " WHERE event_id = $1 AND customer_id = $2 FOR UPDATE";
    static final String LOCK_ALLOWANCE = "SELECT units::text FROM usage_allowance"
            + " WHERE customer_id = $1 AND period_start = $2 AND feature_code = $3 FOR UPDATE";
    static final String MOVE_ALLOWANCE = "UPDATE usage_allowance SET units = units + $4::text::numeric"
            + " WHERE customer_id = $1 AND period_start = $2 AND feature_code = $3";
    static final String UPDATE_EVENT = "UPDATE usage_event SET units = $2::text::numeric, model_id = $3, provider = $4,"
            + " input_tokens = $5, output_tokens = $6, cache_read_tokens = $7, cache_write_5m_tokens = $8,"
            + " cache_write_1h_tokens = $9, reasoning_tokens = $10, provider_cost = $11::text::numeric, cost_currency = $12,"
            + " charge_amount = $13::text::numeric, charge_currency = $14, margin_amount = $15::text::numeric,"
            + " included_units = $16::text::numeric, overage_units = $17::text::numeric, detail = $18, debit_status = $19,"
            + " revision = revision + 1, void_time = CASE WHEN $20 THEN $21 ELSE void_time END,"
            + " amend_time = CASE WHEN $20 THEN amend_time ELSE $21 END, debit_error = NULL,"
            + " debit_shortfall = CASE WHEN $22 THEN NULL ELSE debit_shortfall END WHERE event_id = $1";

    /**
     * What a correction changes.
     *
     * @param figures the event's new figures (a void keeps the old ones: it only stops counting)
     * @param detail  the event's new stored detail
     * @param ops     wallet calls, in order (reversal of the debit in force, then the new debit)
     * @param status  the event's debit status now
     * @param voided  a void (else an amendment)
     */
    public record Change(EventFigures figures, byte[] detail, List<WalletOp> ops, DebitStatus status, boolean voided) {}

    private final Pool pool;
    private final OutboxStore outbox;

    CorrectionWriter(Pool pool, OutboxStore outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** Reads one event of a customer (no lock), or NOT_FOUND. */
    public Uni<StoredEvent> find(String customerId, UUID eventId) {
        return pool.preparedQuery(LOCK_EVENT.replace(" FOR UPDATE", ""))
                .execute(Tuple.of(eventId, customerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(eventId);
                    }
                    return EventReader.read(rows.iterator().next());
                });
    }

    /** Locks one event of a customer for the transaction, or NOT_FOUND. */
    public Uni<StoredEvent> lock(SqlClient tx, String customerId, UUID eventId) {
        return tx.preparedQuery(LOCK_EVENT)
                .execute(Tuple.of(eventId, customerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(eventId);
                    }
                    return EventReader.read(rows.iterator().next());
                });
    }

    /** Locks the allowance of a METERED event's feature and period: its units (null when it has no row). */
    public Uni<BigDecimal> lockAllowance(SqlClient tx, StoredEvent event) {
        return tx.preparedQuery(LOCK_ALLOWANCE)
                .execute(allowanceKey(event))
                .map(found -> found.size() == 0
                        ? null
                        : new BigDecimal(found.iterator().next().getString(0)));
    }

    /** Writes the change of a locked event: the event, its aggregates, its allowance, its outbox rows (sent together). */
    public Uni<Void> write(SqlClient tx, StoredEvent event, Change change, Instant now) {
        EventFigures old = event.figures();
        EventFigures f = change.figures();
        AggregateDeltas aggregates = new AggregateDeltas();
        aggregates.add(old, -1);
        if (!change.voided()) {
            aggregates.add(f, 1);
        }
        List<Object> params =
                new ArrayList<>(List.of(event.eventId(), f.units().toPlainString(), f.modelId(), f.provider()));
        for (long t : f.tokens()) {
            params.add(t);
        }
        params.addAll(List.of(
                f.providerCost().toPlainString(),
                f.costCurrency(),
                f.chargeAmount().toPlainString(),
                f.chargeCurrency(),
                f.marginAmount().toPlainString(),
                f.includedUnits().toPlainString(),
                f.overageUnits().toPlainString(),
                Buffer.buffer(change.detail()),
                change.status().name(),
                change.voided(),
                now.atOffset(ZoneOffset.UTC),
                !change.ops().isEmpty()));
        Uni<Void> eventWritten =
                tx.preparedQuery(UPDATE_EVENT).execute(Tuple.tuple(params)).replaceWithVoid();
        Uni<Void> aggregatesWritten = aggregates.write(tx);
        Uni<Void> allowanceWritten = Uni.createFrom().voidItem();
        if (event.model() == ConsumptionModel.METERED) {
            BigDecimal delta = (change.voided() ? BigDecimal.ZERO : f.units()).subtract(old.units());
            Tuple key = allowanceKey(event);
            allowanceWritten = tx.preparedQuery(MOVE_ALLOWANCE)
                    .execute(Tuple.tuple(
                            List.of(key.getValue(0), key.getValue(1), key.getValue(2), delta.toPlainString())))
                    .replaceWithVoid();
        }
        Uni<Void> outboxWritten =
                outbox.insert(tx, change.ops(), now, Duration.ZERO).replaceWithVoid();
        return Uni.join()
                .all(List.of(eventWritten, aggregatesWritten, allowanceWritten, outboxWritten))
                .andFailFast()
                .replaceWithVoid();
    }

    private static Tuple allowanceKey(StoredEvent event) {
        return Tuple.of(
                event.customerId(),
                event.figures().periodStart().atOffset(ZoneOffset.UTC),
                event.figures().featureCode());
    }

    static TallyException notFound(UUID eventId) {
        return new TallyException(
                Reason.RESOURCE_NOT_FOUND,
                "event " + eventId + " does not exist for this customer",
                Map.of("event_id", eventId.toString()));
    }
}
