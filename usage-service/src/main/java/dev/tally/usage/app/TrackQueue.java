package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.usage.client.Traced;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one queue every Track item joins (unary, batch or stream, from any caller), and its flushes
 * ({@link Ingestor#process}). A flush starts as soon as a slot is free ({@code tally.usage.flush.concurrency}
 * flushes run at once) and {@code max-items} items wait or the oldest waited {@code max-delay}; while
 * every slot is busy, items gather for the next flush, so concurrent unary calls share a commit
 * (group commit) and the batch grows with the load.
 *
 * @param <P> the Track answer, rendered by the grpc layer
 */
public final class TrackQueue<P extends MessageLite> {

    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    /** An item waiting for a flush, with its caller's answer and trace context. */
    private record Pending<P>(TrackItem item, Consumer<TrackAnswer<P>> answer, Context trace) {
        Pending(TrackItem item, Consumer<TrackAnswer<P>> answer) {
            this(item, answer, Context.current());
        }
    }

    private final Ingestor ingestor;
    private final TrackRendering<P> rendering;
    private final ScheduledExecutorService timer;
    private final int maxItems;
    private final long maxDelayMicros;
    private final int concurrency;
    private final ArrayDeque<Pending<P>> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean timerArmed;

    TrackQueue(
            Ingestor ingestor,
            TrackRendering<P> rendering,
            ScheduledExecutorService timer,
            int maxItems,
            Duration maxDelay,
            int concurrency) {
        this.ingestor = ingestor;
        this.rendering = rendering;
        this.timer = timer;
        this.maxItems = maxItems;
        this.maxDelayMicros = Math.max(0, maxDelay.toNanos() / 1000);
        this.concurrency = concurrency;
    }

    /** Records one item; the answer arrives after its flush committed (and its debit was tried). */
    public Uni<P> track(TrackItem item) {
        return Uni.createFrom()
                .<TrackAnswer<P>>emitter(emitter -> enqueue(List.of(new Pending<>(item, emitter::complete))))
                .map(result -> {
                    if (result.error() != null) {
                        throw result.error() instanceof RuntimeException runtime
                                ? runtime
                                : new IllegalStateException(result.error());
                    }
                    return result.response();
                });
    }

    /** Records items together (a TrackBatch: one flush when it fits); one result per item, in order. */
    public Uni<List<TrackAnswer<P>>> trackAll(List<TrackItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().emitter(emitter -> {
            List<TrackAnswer<P>> results = new ArrayList<>(items.size());
            int[] left = {items.size()};
            List<Pending<P>> pending = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                results.add(null);
                int index = i;
                pending.add(new Pending<>(items.get(i), result -> {
                    boolean last;
                    synchronized (results) {
                        results.set(index, result);
                        last = --left[0] == 0;
                    }
                    if (last) {
                        emitter.complete(List.copyOf(results));
                    }
                }));
            }
            enqueue(pending);
        });
    }

    /** Records one item and calls {@code answer} with its result (TrackStream). */
    public void submit(TrackItem item, Consumer<TrackAnswer<P>> answer) {
        enqueue(List.of(new Pending<>(item, answer)));
    }

    private void enqueue(List<Pending<P>> items) {
        List<List<Pending<P>>> ready;
        synchronized (queue) {
            queue.addAll(items);
            ready = takeReady(false);
        }
        ready.forEach(this::flush);
    }

    /** Flushes to start now (called with the queue's lock held). */
    private List<List<Pending<P>>> takeReady(boolean delayOver) {
        List<List<Pending<P>>> ready = new ArrayList<>();
        while (inFlight < concurrency
                && !queue.isEmpty()
                && (delayOver || queue.size() >= maxItems || maxDelayMicros == 0)) {
            List<Pending<P>> flush = new ArrayList<>(Math.min(queue.size(), maxItems));
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
        List<List<Pending<P>>> ready;
        synchronized (queue) {
            timerArmed = false;
            ready = takeReady(true);
        }
        ready.forEach(this::flush);
    }

    private void flushed() {
        List<List<Pending<P>>> ready;
        synchronized (queue) {
            inFlight--;
            // whatever queued meanwhile has waited for a slot already: it goes at once
            ready = takeReady(true);
        }
        ready.forEach(this::flush);
    }

    private void flush(List<Pending<P>> pending) {
        List<TrackItem> items = pending.stream().map(Pending::item).toList();
        Context trace =
                ingestor.tracing().start(pending.stream().map(Pending::trace).toList());
        Traced.within(trace, () -> ingestor.process(items, rendering, trace))
                .onTermination()
                .invoke((done, failure, cancelled) -> FlushTracing.end(trace, failure))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.debugf(failure, "a flush of %d items failed", items.size());
                    return items.stream()
                            .map(i -> TrackAnswer.<P>failed(failure))
                            .toList();
                })
                .subscribe()
                .with(
                        results -> {
                            try {
                                flushed();
                            } finally {
                                for (int i = 0; i < pending.size(); i++) {
                                    answer(pending.get(i), results.get(i));
                                }
                            }
                        },
                        failure -> {
                            flushed();
                            pending.forEach(p -> answer(p, TrackAnswer.failed(failure)));
                        });
    }

    private void answer(Pending<P> pending, TrackAnswer<P> result) {
        if (result.error() != null) {
            ingestor.metrics().refused(result.error());
        }
        try {
            pending.answer().accept(result);
        } catch (RuntimeException e) {
            LOG.warnf(e, "answering a Track item failed");
        }
    }
}
