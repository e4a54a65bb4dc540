package dev.tally.usage.ingest;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.client.Entitlements;
import dev.tally.usage.domain.ChargeRule;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.domain.PeriodRule;
import dev.tally.usage.domain.PlanFeature;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.job.OutboxDeliverer;
import dev.tally.usage.store.CorrectionWriter;
import dev.tally.usage.store.EventFigures;
import dev.tally.usage.store.StoredEvent;
import dev.tally.usage.v1.AmendEventResponse;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.usage.v1.VoidEventResponse;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * VoidEvent and AmendEvent. Only in an open period ({@link PeriodRule}: the event's period is not
 * past its grace end; otherwise PERIOD_CLOSED, and invoice-service issues a credit note instead).
 * A void reverses the debit in force (wallet ReverseDebit, key {@code <event>:reverse:<revision>})
 * and takes the event out of the aggregates; an amendment prices the new quantity with the same plan
 * at the event's time, reverses the debit in force and debits the new charge (key
 * {@code <event>:<revision>}), and moves the aggregates by the difference. Wallet calls go through
 * the outbox in order (a reversal waits for the debit it reverses), so a wallet outage delays them
 * and loses nothing.
 */
@ApplicationScoped
public class Corrections {

    public static final Replies<VoidEventResponse> VOID =
            Replies.of(VoidEventResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    public static final Replies<AmendEventResponse> AMEND =
            Replies.of(AmendEventResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    /** A valid VoidEvent (quantity null) or AmendEvent request. */
    public record Command(String customerId, UUID eventId, Quantity quantity, String reason, RequestKey key) {
    }

    private final CorrectionWriter writer;
    private final Entitlements entitlements;
    private final Pricing pricing;
    private final OutboxDeliverer deliverer;
    private final Clock clock;

    Corrections(CorrectionWriter writer, Entitlements entitlements, Pricing pricing, OutboxDeliverer deliverer, Clock clock) {
        this.writer = writer;
        this.entitlements = entitlements;
        this.pricing = pricing;
        this.deliverer = deliverer;
        this.clock = clock;
    }

    public Uni<VoidEventResponse> voidEvent(Command c) {
        Instant now = clock.instant();
        return writer.load(c.customerId(), c.eventId())
                .flatMap(event -> entitlements.resolve(c.customerId(), event.occurredTime()))
                .flatMap(plan -> writer.apply(c.key(), VOID, c.customerId(), c.eventId(), now, (event, others) -> {
                    requireCorrectable(event, plan, now);
                    List<WalletOp> ops = new ArrayList<>();
                    if (event.charged()) {
                        ops.add(reversal(event, c, "APPLIED"));
                    }
                    String status = ops.isEmpty() ? event.debitStatus() : "PENDING";
                    UsageEvent after = event.event().toBuilder().setVoidTime(ProtoTime.timestamp(now))
                            .setRevision(event.revision() + 1).setDebitStatus(EventMessages.debitStatus(status)).build();
                    return new CorrectionWriter.Change<>(VoidEventResponse.newBuilder().setEvent(after).build(),
                            event.figures(), detail(event), ops, status, true);
                }))
                .map(reply -> reply.response())
                .call(this::deliverSoon);
    }

    public Uni<AmendEventResponse> amend(Command c) {
        Instant now = clock.instant();
        return writer.load(c.customerId(), c.eventId())
                .flatMap(event -> entitlements.resolve(c.customerId(), event.occurredTime()).map(plan -> {
                    PlanFeature feature = Pricing.feature(plan, event.figures().featureCode());
                    ChargeRule.requireFits(feature, c.quantity(), "");
                    return new Priced(plan, feature, pricing.charge(plan, feature, c.quantity(), event.occurredTime()));
                }))
                .flatMap(p -> writer.apply(c.key(), AMEND, c.customerId(), c.eventId(), now, (event, others) -> {
                    requireCorrectable(event, p.plan(), now);
                    MeteredSplit split = p.plan().model() == ConsumptionModel.METERED
                            ? MeteredSplit.of(p.charge().units(), others, p.feature().includedUnits()) : null;
                    EventFigures figures = EventFigures.of(c.customerId(), event.figures().periodStart(),
                            event.figures().featureCode(), c.quantity(), p.charge(), split);
                    int revision = event.revision() + 1;
                    List<WalletOp> ops = new ArrayList<>();
                    if (event.charged()) {
                        ops.add(reversal(event, c, p.charge().needsDebit() ? "APPLIED" : "NOT_REQUIRED"));
                    }
                    if (p.charge().needsDebit()) {
                        ops.add(debit(event, p.charge(), revision));
                    }
                    String status = ops.isEmpty() ? "NOT_REQUIRED" : "PENDING";
                    UsageEvent.Builder after = event.event().toBuilder().clearQuantity().clearTokenCost().clearProvider()
                            .setCharge(EventMessages.charge(p.charge(), split, null))
                            .setAmendTime(ProtoTime.timestamp(now)).setRevision(revision);
                    TrackRendering.quantity(after, c.quantity());
                    if (p.charge().tokenCost() != null) {
                        after.setTokenCost(EventMessages.tokenCost(p.charge().tokenCost()));
                        if (p.charge().tokenCost().provider() != null) {
                            after.setProvider(p.charge().tokenCost().provider());
                        }
                    }
                    byte[] detail = stored(after.build());
                    UsageEvent listed = after.setDebitStatus(EventMessages.debitStatus(status)).clearDebitError().build();
                    return new CorrectionWriter.Change<>(AmendEventResponse.newBuilder().setEvent(listed)
                            .setPreviousCharge(event.event().getCharge()).build(), figures, detail, ops, status, false);
                }))
                .map(reply -> reply.response())
                .call(this::deliverSoon);
    }

    private record Priced(Entitlement plan, PlanFeature feature, EventCharge charge) {
    }

    private static void requireCorrectable(StoredEvent event, Entitlement plan, Instant now) {
        if (event.voidTime() != null) {
            throw new TallyException(Reason.INVALID_STATE,
                    "event " + event.eventId() + " was voided at " + event.voidTime(),
                    Map.of("event_id", event.eventId().toString()), List.of());
        }
        PeriodRule.requireOpen(plan, event.occurredTime(), now);
    }

    /** The stored detail of an event: its listed form without the current debit and correction state. */
    private static byte[] detail(StoredEvent event) {
        return stored(event.event());
    }

    private static byte[] stored(UsageEvent event) {
        return event.toBuilder().clearDebitStatus().clearDebitError().clearVoidTime().clearAmendTime().clearRevision()
                .build().toByteArray();
    }

    private static WalletOp reversal(StoredEvent event, Command c, String statusAfter) {
        String id = event.eventId().toString();
        ReverseDebitRequest request = ReverseDebitRequest.newBuilder().setCustomerId(event.customerId())
                .setIdempotencyKey(id + ":reverse:" + (event.revision() + 1))
                .setReason(c.reason().isEmpty() ? (c.quantity() == null ? "event voided" : "event amended") : c.reason())
                .setReference(id).build();
        return new WalletOp(event.eventId(), event.customerId(), WalletOp.Kind.REVERSE, request.toByteArray(), statusAfter);
    }

    private static WalletOp debit(StoredEvent event, EventCharge charge, int revision) {
        String id = event.eventId().toString();
        DebitRequest request = DebitRequest.newBuilder().setCustomerId(event.customerId())
                .setAmount(EventMessages.money(charge.amount(), charge.currency()))
                .setOccurredTime(ProtoTime.timestamp(event.occurredTime()))
                .setIdempotencyKey(id + ":" + revision).setReference(id)
                .setDescription(event.figures().featureCode() + ": amended (revision " + revision + ")")
                .putMetadata("feature_code", event.figures().featureCode()).build();
        return new WalletOp(event.eventId(), event.customerId(), WalletOp.Kind.DEBIT, request.toByteArray(), "APPLIED");
    }

    /** Starts delivering due outbox rows now (in order per event), without waiting for it. */
    private Uni<Void> deliverSoon(Object ignored) {
        deliverer.pollNow();
        return Uni.createFrom().voidItem();
    }
}
