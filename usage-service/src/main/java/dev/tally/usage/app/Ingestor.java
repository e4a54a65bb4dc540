package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.support.error.TallyException;
import dev.tally.usage.client.Entitlements;
import dev.tally.usage.client.Traced;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.domain.DebitState;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.PeriodRule;
import dev.tally.usage.store.DeliveryResult;
import dev.tally.usage.store.OutboxRow;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * The hot path. Every Track item (unary, batch or stream, from any caller) joins one queue
 * ({@link TrackQueue}, opened by the grpc layer with its rendering of the answers); a <b>flush</b>
 * takes up to {@code tally.usage.flush.max-items} of them and
 * <ol>
 * <li>resolves their customers' plans (cache; the misses with one BatchGetCustomerEntitlements),</li>
 * <li>checks their periods ({@link PeriodRule}) and prices them locally ({@link Pricing}),</li>
 * <li>stores them in ONE transaction ({@link FlushWriter}: records, events, aggregates, outbox),</li>
 * <li>sends their debits in ONE DebitBatch ({@link OutboxDelivery}), and answers each item.</li>
 * </ol>
 * An item never waits for an unrelated item's failure: per-item errors (bad plan, closed period,
 * unknown model, reused key) answer that item only.
 */
@ApplicationScoped
public class Ingestor {

    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    private final Entitlements entitlements;
    private final Pricing pricing;
    private final FlushWriter writer;
    private final OutboxDelivery delivery;
    private final LastBalances balances;
    private final FlushTracing tracing;
    private final TrackMetrics metrics;
    private final Clock clock;
    private final UsageConfig.Flush config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "usage-flush-timer");
        t.setDaemon(true);
        return t;
    });

    Ingestor(
            Entitlements entitlements,
            Pricing pricing,
            FlushWriter writer,
            OutboxDelivery delivery,
            LastBalances balances,
            FlushTracing tracing,
            TrackMetrics metrics,
            Clock clock,
            UsageConfig config) {
        this.entitlements = entitlements;
        this.pricing = pricing;
        this.writer = writer;
        this.delivery = delivery;
        this.balances = balances;
        this.tracing = tracing;
        this.metrics = metrics;
        this.clock = clock;
        this.config = config.flush();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** The queue of Track items whose answers {@code rendering} renders (the service opens one). */
    public <P extends MessageLite> TrackQueue<P> queue(TrackRendering<P> rendering) {
        return new TrackQueue<>(this, rendering, timer, config.maxItems(), config.maxDelay(), config.concurrency());
    }

    FlushTracing tracing() {
        return tracing;
    }

    TrackMetrics metrics() {
        return metrics;
    }

    /** One flush: plans, periods, prices, one transaction, one DebitBatch; one answer per item, in order. */
    <P extends MessageLite> Uni<List<TrackAnswer<P>>> process(
            List<TrackItem> items, TrackRendering<P> rendering, Context trace) {
        Instant now = clock.instant();
        List<Entitlements.Lookup> lookups = items.stream()
                .map(i -> new Entitlements.Lookup(i.customerId(), i.occurredTime()))
                .toList();
        return entitlements.resolveAll(lookups).flatMap(plans -> {
            List<TrackAnswer<P>> results = new ArrayList<>(items.size());
            List<PricedEvent> priced = new ArrayList<>(items.size());
            List<Integer> pricedIndex = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                results.add(null);
                try {
                    var plan = plans.get(i).orThrow();
                    PeriodRule.requireOpen(plan, items.get(i).occurredTime(), now);
                    priced.add(pricing.price(items.get(i), plan));
                    pricedIndex.add(i);
                } catch (TallyException refused) {
                    results.set(i, TrackAnswer.failed(refused));
                }
            }
            if (priced.isEmpty()) {
                return Uni.createFrom().item(results);
            }
            return writer.write(priced, rendering, now)
                    .invoke(metrics::outcomes)
                    .flatMap(outcomes -> deliver(outcomes, trace).map(delivered -> {
                        for (int n = 0; n < outcomes.size(); n++) {
                            results.set(pricedIndex.get(n), answer(outcomes.get(n), delivered, rendering));
                        }
                        return results;
                    }));
        });
    }

    /** The debits of the new events, at once (one DebitBatch); a failure leaves them PENDING for the outbox. */
    private <P> Uni<Map<UUID, DeliveryResult>> deliver(List<TrackOutcome<P>> outcomes, Context trace) {
        List<OutboxRow> rows = new ArrayList<>();
        for (TrackOutcome<P> outcome : outcomes) {
            if (outcome instanceof TrackOutcome.Recorded<P> r && r.op() != null && r.outboxId() != null) {
                rows.add(new OutboxRow(
                        r.outboxId(),
                        r.event().eventId(),
                        r.op().customerId(),
                        r.op().kind(),
                        r.op().request(),
                        r.op().statusAfter(),
                        0,
                        null));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Traced.within(trace, () -> delivery.deliver(rows)).onFailure().recoverWithItem(failure -> {
            LOG.warnf("debits left to the outbox: %s", failure.getMessage());
            return Map.of();
        });
    }

    private <P extends MessageLite> TrackAnswer<P> answer(
            TrackOutcome<P> outcome, Map<UUID, DeliveryResult> delivered, TrackRendering<P> rendering) {
        if (outcome instanceof TrackOutcome.Recorded<P> r) {
            DebitState state = settled(r.event(), delivered.get(r.event().eventId()));
            return TrackAnswer.of(state == null ? r.response() : rendering.withDebitState(r.response(), state));
        }
        if (outcome instanceof TrackOutcome.Replayed<P> r) {
            return TrackAnswer.of(r.response());
        }
        return TrackAnswer.failed(((TrackOutcome.Failed<P>) outcome).error());
    }

    /**
     * The first answer's debit state after the wallet's: APPLIED with the exact balance (remembered
     * for the next estimates), FAILED, or null (still PENDING).
     */
    private DebitState settled(RecordedEvent event, DeliveryResult result) {
        if (result instanceof DeliveryResult.Acknowledged a) {
            if (a.balanceAfter() != null) {
                balances.remember(
                        event.priced().item().customerId(),
                        event.priced().charge().currency(),
                        a.balanceAfter());
            }
            return new DebitState(a.statusAfter(), a.shortfall(), a.balanceAfter());
        }
        if (result instanceof DeliveryResult.Refused) {
            return new DebitState(DebitStatus.FAILED, null, null);
        }
        return null;
    }
}
