package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.usage.client.Entitlements;
import dev.tally.usage.domain.ChargeRule;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.EventFigures;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.domain.PeriodRule;
import dev.tally.usage.domain.PlanFeature;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.WalletOp;
import dev.tally.usage.store.CorrectionWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * VoidEvent and AmendEvent. Only in an open period ({@link PeriodRule}: the event's period is not
 * past its grace end; otherwise PERIOD_CLOSED, and invoice-service issues a credit note instead).
 * A void reverses the debit in force (wallet ReverseDebit, key {@code <event>:reverse:<revision>})
 * and takes the event out of the aggregates; an amendment prices the new quantity with the same plan
 * at the event's time, reverses the debit in force and debits the new charge (key
 * {@code <event>:<revision>}), and moves the aggregates by the difference. Each runs in one
 * transaction with its idempotency record: the event row is locked, the change decided from it (and,
 * on a METERED plan, from the feature's other usage this period, read under the allowance row's
 * lock), then written. Wallet calls go through the outbox in order (a reversal waits for the debit
 * it reverses), so a wallet outage delays them and loses nothing.
 */
@ApplicationScoped
public class Corrections {

    /** A valid VoidEvent (quantity null) or AmendEvent request. */
    public record Command(String customerId, UUID eventId, Quantity quantity, String reason, RequestKey key) {}

    private final CorrectionWriter writer;
    private final Entitlements entitlements;
    private final Pricing pricing;
    private final OutboxDelivery delivery;
    private final Pool pool;
    private final IdempotencyStore records;
    private final Clock clock;

    Corrections(
            CorrectionWriter writer,
            Entitlements entitlements,
            Pricing pricing,
            OutboxDelivery delivery,
            Pool pool,
            IdempotencyStore records,
            Clock clock) {
        this.writer = writer;
        this.entitlements = entitlements;
        this.pricing = pricing;
        this.delivery = delivery;
        this.pool = pool;
        this.records = records;
        this.clock = clock;
    }

    public <P extends MessageLite> Uni<P> voidEvent(Command c, CorrectionRendering<P> rendering) {
        Instant now = clock.instant();
        return writer.find(c.customerId(), c.eventId())
                .flatMap(event -> entitlements.resolve(c.customerId(), event.occurredTime()))
                .flatMap(plan -> apply(c, rendering, now, (event, others) -> {
                    requireCorrectable(event, plan, now);
                    List<WalletOp> ops = new ArrayList<>();
                    if (event.charged()) {
                        ops.add(WalletCalls.reversal(event, reason(c), DebitStatus.APPLIED));
                    }
                    DebitStatus status = ops.isEmpty() ? event.debitStatus() : DebitStatus.PENDING;
                    return new Correction(event, now, event.revision() + 1, status, ops, null);
                }))
                .call(this::deliverSoon);
    }

    public <P extends MessageLite> Uni<P> amend(Command c, CorrectionRendering<P> rendering) {
        Instant now = clock.instant();
        return writer.find(c.customerId(), c.eventId())
                .flatMap(event -> entitlements
                        .resolve(c.customerId(), event.occurredTime())
                        .map(plan -> {
                            PlanFeature feature =
                                    Pricing.feature(plan, event.figures().featureCode());
                            ChargeRule.requireFits(feature, c.quantity(), "");
                            return new Priced(
                                    plan, feature, pricing.charge(plan, feature, c.quantity(), event.occurredTime()));
                        }))
                .flatMap(p -> apply(c, rendering, now, (event, others) -> {
                    requireCorrectable(event, p.plan(), now);
                    MeteredSplit split = p.plan().model() == ConsumptionModel.METERED
                            ? MeteredSplit.of(
                                    p.charge().units(), others, p.feature().includedUnits())
                            : null;
                    EventFigures figures = EventFigures.of(
                            c.customerId(),
                            event.figures().periodStart(),
                            event.figures().featureCode(),
                            c.quantity(),
                            p.charge(),
                            split);
                    int revision = event.revision() + 1;
                    List<WalletOp> ops = new ArrayList<>();
                    if (event.charged()) {
                        ops.add(WalletCalls.reversal(
                                event,
                                reason(c),
                                p.charge().needsDebit() ? DebitStatus.APPLIED : DebitStatus.NOT_REQUIRED));
                    }
                    if (p.charge().needsDebit()) {
                        ops.add(WalletCalls.amendedDebit(event, p.charge(), revision));
                    }
                    DebitStatus status = ops.isEmpty() ? DebitStatus.NOT_REQUIRED : DebitStatus.PENDING;
                    return new Correction(
                            event,
                            now,
                            revision,
                            status,
                            ops,
                            new Correction.Amendment(c.quantity(), p.charge(), split, figures));
                }))
                .call(this::deliverSoon);
    }

    private record Priced(Entitlement plan, PlanFeature feature, EventCharge charge) {}

    /**
     * Applies a correction once per key (a replay returns the stored answer): locks the event (and a
     * METERED allowance), decides the correction from it and the feature's other usage this period,
     * renders it and writes it, in one transaction.
     */
    private <P extends MessageLite> Uni<P> apply(
            Command c,
            CorrectionRendering<P> rendering,
            Instant now,
            BiFunction<StoredEvent, BigDecimal, Correction> decide) {
        return records.retryOnRace(() -> pool.withTransaction(tx -> records.once(
                        tx,
                        c.key(),
                        rendering.replies(),
                        now,
                        () -> writer.lock(tx, c.customerId(), c.eventId())
                                .flatMap(event -> otherUsage(tx, event).flatMap(others -> {
                                    Correction correction = decide.apply(event, others);
                                    P response = rendering.response(correction);
                                    CorrectionWriter.Change change = new CorrectionWriter.Change(
                                            correction.figures(),
                                            rendering.detail(correction),
                                            correction.ops(),
                                            correction.status(),
                                            correction.voided());
                                    return writer.write(tx, event, change, now).replaceWith(response);
                                })))))
                .map(Reply::response);
    }

    /** On a METERED plan, the feature's units this period without the event's (read under the allowance's lock). */
    private Uni<BigDecimal> otherUsage(SqlClient tx, StoredEvent event) {
        if (event.model() != ConsumptionModel.METERED) {
            return Uni.createFrom().item(BigDecimal.ZERO);
        }
        return writer.lockAllowance(tx, event)
                .map(units -> units == null ? BigDecimal.ZERO : units.subtract(event.units()));
    }

    private static void requireCorrectable(StoredEvent event, Entitlement plan, Instant now) {
        if (event.voidTime() != null) {
            throw new TallyException(
                    Reason.INVALID_STATE,
                    "event " + event.eventId() + " was voided at " + event.voidTime(),
                    Map.of("event_id", event.eventId().toString()),
                    List.of());
        }
        PeriodRule.requireOpen(plan, event.occurredTime(), now);
    }

    /** The reversal's reason in the ledger: the caller's, or what happened. */
    private static String reason(Command c) {
        return c.reason().isEmpty() ? (c.quantity() == null ? "event voided" : "event amended") : c.reason();
    }

    /** Starts delivering due outbox rows now (in order per event), without waiting for it. */
    private Uni<Void> deliverSoon(Object ignored) {
        delivery.pollNow();
        return Uni.createFrom().voidItem();
    }
}
