package dev.tally.usage.client;

import dev.tally.support.grpc.ConnectBackoff;
import io.grpc.Channel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A feed that keeps one server stream of another service (WatchPriceChanges, WatchEntitlementChanges)
 * subscribed from start-up to shutdown: after it fails or ends, it subscribes again after a delay
 * that starts at the configured interval and doubles up to 30 s ({@link #healthy} resets it). Before
 * each new attempt it resets its channel's connect backoff ({@link ConnectBackoff}), so it reconnects
 * as soon as the other service is back. A feed implements {@link #subscribe}, whose failure and end
 * handlers call {@link #reconnect}.
 */
abstract class ResubscribingFeed {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Duration initialBackoff;
    private final Channel channel;
    private volatile Duration backoff;
    private volatile Cancellable subscription;
    private volatile boolean stopped;
    private volatile int failures;

    /**
     * @param initialBackoff the first delay before subscribing again
     * @param channel        the channel the stream runs on
     */
    ResubscribingFeed(Duration initialBackoff, Channel channel) {
        this.initialBackoff = initialBackoff;
        this.backoff = initialBackoff;
        this.channel = channel;
    }

    /** Subscribes to the stream; its failure and end handlers call {@link #reconnect}. */
    protected abstract Cancellable subscribe();

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private void start() {
        if (!stopped) {
            subscription = subscribe();
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
            ConnectBackoff.reset(channel);
            start();
        });
    }
}
