package dev.tally.usage.ingest;

import dev.tally.support.error.TallyException;
import dev.tally.usage.client.Entitlements;
import dev.tally.usage.client.Traced;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.domain.PeriodRule;
import dev.tally.usage.job.OutboxDeliverer;
import dev.tally.usage.store.DeliveryResult;
import dev.tally.usage.store.EventWriter;
import dev.tally.usage.store.OutboxRow;
import dev.tally.usage.store.TrackOutcome;
import dev.tally.usage.v1.TrackResponse;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The hot path. Every Track item (unary, batch or stream, from any caller) joins one queue; a
 * <b>flush</b> takes up to {@code tally.usage.flush.max-items} of them and
 * <ol>
 * <li>resolves their customers' plans (cache; the misses with one BatchGetCustomerEntitlements),</li>
 * <li>checks their periods ({@link PeriodRule}) and prices them locally ({@link Pricing}),</li>
 * <li>stores them in ONE transaction ({@link EventWriter}: records, events, aggregates, outbox),</li>
 * <li>sends their debits in ONE DebitBatch ({@link OutboxDeliverer}), and answers each item.</li>
 * </ol>
 * A flush starts as soon as a slot is free ({@code tally.usage.flush.concurrency} flushes run at
 * once) and {@code max-items} items wait or the oldest waited {@code max-delay}; while every slot is
 * busy, items gather for the next flush, so concurrent unary calls share a commit (group commit)
 * and the batch grows with the load. An item never waits for an unrelated item's failure: per-item
 * errors (bad plan, closed period, unknown model, reused key) answer that item only.
 */
@ApplicationScoped
public class Ingestor {

    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    /** An item waiting for a flush, with its caller's answer and trace context. */
    private record Pending(TrackItem item, Consumer<TrackAnswer> answer, Context trace) {
        Pending(TrackItem item, Consumer<TrackAnswer> answer) {
            this(item, answer, Context.current());
        }
    }

    private final Entitlements entitlements;
    private final Pricing pricing;
    private final EventWriter writer;
    private final OutboxDeliverer deliverer;
    private final TrackRendering rendering;
    private final FlushTracing tracing;
    private final TrackMetrics metrics;
    private final Clock clock;
    private final int maxItems;
    private final long maxDelayMicros;
    private final int concurrency;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "usage-flush-timer");
        t.setDaemon(true);
        return t;
    });
    private int inFlight;
    private boolean timerArmed;

    Ingestor(Entitlements entitlements, Pricing pricing, EventWriter writer, OutboxDeliverer deliverer,
             TrackRendering rendering, FlushTracing tracing, TrackMetrics metrics, Clock clock, UsageConfig config) {
        this.entitlements = entitlements;
        this.pricing = pricing;
        this.writer = writer;
        this.deliverer = deliverer;
        this.rendering = rendering;
        this.tracing = tracing;
        this.metrics = metrics;
        this.clock = clock;
        this.maxItems = config.flush().maxItems();
        this.maxDelayMicros = Math.max(0, config.flush().maxDelay().toNanos() / 1000);
        this.concurrency = config.flush().concurrency();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** Records one item; the answer arrives after its flush committed (and its debit was tried). */
    public Uni<TrackResponse> track(TrackItem item) {
        return Uni.createFrom().<TrackAnswer>emitter(emitter -> enqueue(List.of(new Pending(item, emitter::complete))))
                .map(result -> {
                    if (result.error() != null) {
                        throw TallyExceptions.propagate(result.error());
                    }
                    return result.response();
                });
    }

    /** Records items together (a TrackBatch: one flush when it fits); one result per item, in order. */
    public Uni<List<TrackAnswer>> trackAll(List<TrackItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().emitter(emitter -> {
            TrackAnswer[] results = new TrackAnswer[items.size()];
            int[] left = {items.size()};
            List<Pending> pending = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                pending.add(new Pending(items.get(i), result -> {
                    boolean last;
                    synchronized (results) {
                        results[index] = result;
                        last = --left[0] == 0;
                    }
                    if (last) {
                        emitter.complete(List.of(results));
                    }
                }));
            }
            enqueue(pending);
        });
    }

    /** Records one item and calls {@code answer} with its result (TrackStream). */
    public void submit(TrackItem item, Consumer<TrackAnswer> answer) {
        enqueue(List.of(new Pending(item, answer)));
    }

    private void enqueue(List<Pending> items) {
        List<List<Pending>> ready;
        synchronized (queue) {
            queue.addAll(items);
            ready = takeReady(false);
        }
        ready.forEach(this::flush);
    }

    /** Flushes to start now (called with the queue's lock held). */
    private List<List<Pending>> takeReady(boolean delayOver) {
        List<List<Pending>> ready = new ArrayList<>();
        while (inFlight < concurrency && !queue.isEmpty() && (delayOver || queue.size() >= maxItems || maxDelayMicros == 0)) {
            List<Pending> flush = new ArrayList<>(Math.min(queue.size(), maxItems));
            while (flush.size() < maxItems && !queue.isEmpty()) {
                flush.add(queue.poll());
            }
            inFlight++;
            ready.add(flush);
            delayOver = delayOver && !queue.isEmpty();
        }
        if (!queue.isEmpty() && inFlight < concurrency && !timerArmed) {
            timerArmed = true;
            timer.schedule(this::delayOver, maxDelayMicros, TimeUnit.MICROSECONDS);
        }
        return ready;
    }

    private void delayOver() {
        List<List<Pending>> ready;
        synchronized (queue) {
            timerArmed = false;
            ready = takeReady(true);
        }
        ready.forEach(this::flush);
    }

    private void flushed() {
        List<List<Pending>> ready;
        synchronized (queue) {
            inFlight--;
            // whatever queued meanwhile has waited for a slot already: it goes at once
            ready = takeReady(true);
        }
        ready.forEach(this::flush);
    }

    private void flush(List<Pending> pending) {
        List<TrackItem> items = pending.stream().map(Pending::item).toList();
        Context trace = tracing.start(pending.stream().map(Pending::trace).toList());
        Traced.within(trace, () -> process(items, trace))
                .onTermination().invoke((done, failure, cancelled) -> FlushTracing.end(trace, failure))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf(failure, "a flush of %d items failed", items.size());
                    return items.stream().map(i -> TrackAnswer.failed(failure)).toList();
                })
                .subscribe().with(results -> {
                    try {
                        flushed();
                    } finally {
                        for (int i = 0; i < pending.size(); i++) {
                            answer(pending.get(i), results.get(i));
                        }
                    }
                }, failure -> {
                    flushed();
                    pending.forEach(p -> answer(p, TrackAnswer.failed(failure)));
                });
    }

    private void answer(Pending pending, TrackAnswer result) {
        if (result.error() != null) {
            metrics.refused(result.error());
        }
        try {
            pending.answer().accept(result);
        } catch (RuntimeException e) {
            LOG.warnf(e, "answering a Track item failed");
        }
    }

    private Uni<List<TrackAnswer>> process(List<TrackItem> items, Context trace) {
        Instant now = clock.instant();
        List<Entitlements.Lookup> lookups = items.stream()
                .map(i -> new Entitlements.Lookup(i.customerId(), i.occurredTime())).toList();
        return entitlements.resolveAll(lookups).flatMap(plans -> {
            TrackAnswer[] results = new TrackAnswer[items.size()];
            List<PricedEvent> priced = new ArrayList<>(items.size());
            List<Integer> pricedIndex = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                try {
                    var plan = plans.get(i).orThrow();
                    PeriodRule.requireOpen(plan, items.get(i).occurredTime(), now);
                    priced.add(pricing.price(items.get(i), plan));
                    pricedIndex.add(i);
                } catch (TallyException refused) {
                    results[i] = TrackAnswer.failed(refused);
                }
            }
            if (priced.isEmpty()) {
                return Uni.createFrom().item(List.of(results));
            }
            return writer.write(priced, rendering, now)
                    .invoke(metrics::outcomes)
                    .flatMap(outcomes -> deliver(outcomes, trace).map(delivered -> {
                        for (int n = 0; n < outcomes.size(); n++) {
                            results[pricedIndex.get(n)] = result(outcomes.get(n), delivered);
                        }
                        return List.of(results);
                    }));
        });
    }

    /** The debits of the new events, at once (one DebitBatch); a failure leaves them PENDING for the outbox. */
    private Uni<Map<UUID, DeliveryResult>> deliver(List<TrackOutcome> outcomes, Context trace) {
        List<OutboxRow> rows = new ArrayList<>();
        for (TrackOutcome outcome : outcomes) {
            if (outcome instanceof TrackOutcome.Recorded r && r.op() != null && r.outboxId() != null) {
                rows.add(new OutboxRow(r.outboxId(), r.event().eventId(), r.op().customerId(), r.op().kind(),
                        r.op().request(), r.op().statusAfter(), 0, null));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Traced.within(trace, () -> deliverer.deliver(rows)).onFailure().recoverWithItem(failure -> {
            LOG.warnf("debits left to the outbox: %s", failure.getMessage());
            return Map.of();
        });
    }

    private TrackAnswer result(TrackOutcome outcome, Map<UUID, DeliveryResult> delivered) {
        if (outcome instanceof TrackOutcome.Recorded r) {
            return TrackAnswer.of(rendering.delivered(r, delivered.get(r.event().eventId())));
        }
        if (outcome instanceof TrackOutcome.Replayed r) {
            return TrackAnswer.of(r.response());
        }
        return TrackAnswer.failed(((TrackOutcome.Failed) outcome).error());
    }
}
