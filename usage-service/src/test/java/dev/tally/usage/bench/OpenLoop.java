package dev.tally.usage.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load: request units (one event for Track and TrackStream, a batch for TrackBatch) are
 * due at a fixed rate from the start, whether or not earlier ones were answered. Each event's latency
 * is measured from the time its unit was <i>due</i>, not from when it could be sent, so a stalled
 * server shows up in the percentiles (no coordinated omission). At most {@code window} units are
 * unanswered at once (the client's memory bound); while the window is full the sender falls behind
 * its schedule (those events' latencies still count from their due times), and the achieved rate
 * is then the server's capacity. Sending stops at the end of the phase (what was due but not sent by
 * then is not sent); the answers are awaited, and the rate is acknowledged events over the time from
 * the start to the last answer.
 */
final class OpenLoop {

    /** Sends units and reports their answers through an {@link Answers}. */
    interface Sender {
        /** Sends unit {@code unit}; every event of it must be reported once to {@code answers}. */
        void send(long unit, Answers answers);

        /** After the last unit: end streams (answers may still arrive). */
        default void finish() {}
    }

    /** What one phase measured. */
    record Result(
            String name,
            double offeredPerSecond,
            long events,
            long acknowledged,
            long duplicates,
            long errors,
            String firstError,
            double seconds,
            Histogram latencyMicros) {

        double perSecond() {
            return acknowledged / seconds;
        }

        String line() {
            return "  %-48s %,9.0f events/s (offered %,7.0f)  p50 %8.2f ms  p99 %8.2f ms  p99.9 %8.2f ms%s"
                    .formatted(
                            name,
                            perSecond(),
                            offeredPerSecond,
                            ms(50),
                            ms(99),
                            ms(99.9),
                            errors + duplicates == 0
                                    ? ""
                                    : "  errors %d, duplicates %d (first: %s)"
                                            .formatted(errors, duplicates, firstError));
        }

        private double ms(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Collects the answers of one phase. */
    static final class Answers {
        private final long start;
        private final long periodNanos;
        private final int unitSize;
        private final Semaphore window;
        private final Histogram latency = new ConcurrentHistogram(3);
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicLong lastAnswer = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();

        private Answers(long start, long periodNanos, int unitSize, Semaphore window) {
            this.start = start;
            this.periodNanos = periodNanos;
            this.unitSize = unitSize;
            this.window = window;
            this.lastAnswer.set(start);
        }

        /** The key space position of event {@code n} of unit {@code unit}. */
        long event(long unit, int n) {
            return unit * unitSize + n;
        }

        /** Reports the answer of one event of {@code unit}; {@code error} null when acknowledged. */
        void event(long unit, boolean duplicate, String error) {
            long now = System.nanoTime();
            latency.recordValue(Math.max(1, (now - (start + unit * periodNanos)) / 1000));
            if (error != null) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, error);
            } else if (duplicate) {
                duplicates.incrementAndGet();
            } else {
                acknowledged.incrementAndGet();
            }
            lastAnswer.accumulateAndGet(now, Math::max);
        }

        /** The unit is fully answered: its place in the window is free. */
        void unitDone() {
            window.release();
        }

        /** A whole unit failed (e.g. the call's status). */
        void unitFailed(long unit, String error) {
            for (int n = 0; n < unitSize; n++) {
                event(unit, false, error);
            }
            unitDone();
        }
    }

    private OpenLoop() {}

    /**
     * Runs {@code sender} at {@code eventsPerSecond} for {@code seconds}, in units of {@code unitSize}
     * events, with at most {@code window} units unanswered; waits up to {@code drain} for the answers.
     */
    static Result run(
            String name,
            Sender sender,
            double eventsPerSecond,
            int unitSize,
            int window,
            int seconds,
            long drainSeconds)
            throws InterruptedException {
        long periodNanos = Math.max(1, (long) (1e9 * unitSize / eventsPerSecond));
        long units = TimeUnit.SECONDS.toNanos(seconds) / periodNanos;
        Semaphore permits = new Semaphore(window);
        long start = System.nanoTime();
        Answers answers = new Answers(start, periodNanos, unitSize, permits);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        // units not sent by the end (the window was full: the server is behind) are not sent at all
        while (sent < units && System.nanoTime() < end) {
            long due = Math.min(units, (System.nanoTime() - start) / periodNanos + 1);
            while (sent < due && permits.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                sender.send(sent++, answers);
            }
            LockSupport.parkNanos(Math.min(periodNanos, 200_000));
        }
        sender.finish();
        if (!permits.tryAcquire(window, drainSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": " + (window - permits.availablePermits())
                    + " units still unanswered after " + drainSeconds + " s");
        }
        double elapsed = (answers.lastAnswer.get() - start) / 1e9;
        return new Result(
                name,
                eventsPerSecond,
                sent * unitSize,
                answers.acknowledged.get(),
                answers.duplicates.get(),
                answers.errors.get(),
                answers.firstError.get(),
                elapsed,
                answers.latency);
    }
}
