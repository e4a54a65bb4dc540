package dev.tally.usage.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps one server stream (WatchPriceChanges, WatchEntitlementChanges) subscribed: after it fails or
 * ends, subscribes again after a delay that starts at the configured interval and doubles up to 30 s
 * ({@link #healthy} resets it); {@link #stop} ends it for good (shutdown). Before each new attempt it
 * runs {@code beforeRetry} (the feeds reset their channel's connect backoff: dev.tally.support.grpc.ConnectBackoff).
 */
final class Resubscription {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Duration initialBackoff;
    private final Supplier<Cancellable> subscribe;
    private final Runnable beforeRetry;
    private volatile Duration backoff;
    private volatile Cancellable subscription;
    private volatile boolean stopped;
    private volatile int failures;

    /**
     * @param subscribe   subscribes to the stream (its failure and end handlers call {@link #reconnect})
     * @param beforeRetry runs before each new attempt
     */
    Resubscription(Duration initialBackoff, Supplier<Cancellable> subscribe, Runnable beforeRetry) {
        this.initialBackoff = initialBackoff;
        this.backoff = initialBackoff;
        this.subscribe = subscribe;
        this.beforeRetry = beforeRetry;
    }

    void start() {
        if (!stopped) {
            subscription = subscribe.get();
        }
    }

    void stop() {
        stopped = true;
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /** The stream delivers: the next failure waits the initial interval again. */
    void healthy() {
        failures = 0;
        backoff = initialBackoff;
    }

    /** Subscribes again after the current delay; {@code warn} gets the delay at the first failure in a row. */
    void reconnect(Consumer<Duration> warn) {
        if (stopped) {
            return;
        }
        Duration delay = backoff;
        backoff = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2);
        if (failures++ == 0) {
            warn.accept(delay);
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(delay).subscribe().with(ignored -> {
            beforeRetry.run();
            start();
        });
    }
}
