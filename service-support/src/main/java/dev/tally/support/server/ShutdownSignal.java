package dev.tally.support.server;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Ends open streams when this replica starts to shut down, so that their clients reconnect to
 * another replica at once instead of the shutdown waiting for them until
 * {@code quarkus.shutdown.timeout} (and Kubernetes killing the pod). A stream wrapped with
 * {@link #endOnShutdown} fails with UNAVAILABLE ({@code SERVER_SHUTTING_DOWN}, with a
 * {@code RetryInfo}), the answer every Tally client already retries; a stream opened after the
 * signal fails at once.
 * <pre>
 * public Multi&lt;WatchBalanceResponse&gt; watchBalance(WatchBalanceRequest request) {
 *     return shutdown.endOnShutdown(...the watch...);
 * }
 * </pre>
 * The signal is the start of the shutdown delay ({@link ShutdownDelayInitiatedEvent}, fired with
 * {@code quarkus.shutdown.delay-enabled=true} before the delay, while readiness turns DOWN), or
 * {@link ShutdownEvent} where there is no delay phase. Unary calls are not affected: they finish
 * during the shutdown (up to {@code quarkus.shutdown.timeout}).
 */
@ApplicationScoped
public class ShutdownSignal {

    static final String MESSAGE = "this server is shutting down: call again to reach another replica";

    private static final Logger LOG = Logger.getLogger(ShutdownSignal.class);

    private final Set<Runnable> endings = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    /** True once the shutdown has begun. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * {@code stream} as it is, except that it fails with UNAVAILABLE when the shutdown begins (and
     * at once if it already has); the stream itself is then cancelled. Back-pressure is kept.
     */
    public <T> Multi<T> endOnShutdown(Multi<T> stream) {
        return Multi.createFrom().deferred(() -> {
            if (shuttingDown) {
                return Multi.createFrom().failure(unavailable());
            }
            CompletableFuture<Void> ended = new CompletableFuture<>();
            Multi<T> untilShutdown = Uni.createFrom()
                    .<T>emitter(emitter -> {
                        Runnable end = () -> emitter.fail(unavailable());
                        endings.add(end);
                        emitter.onTermination(() -> endings.remove(end));
                        ended.thenRun(() -> emitter.complete(null));
                        if (shuttingDown) {
                            end.run();
                        }
                    })
                    .toMulti();
            return Multi.createBy()
                    .merging()
                    .withRequests(1)
                    .streams(untilShutdown, stream.onTermination().invoke(() -> ended.complete(null)));
        });
    }

    /** Open streams registered with {@link #endOnShutdown} that have not ended (for tests). */
    int openStreams() {
        return endings.size();
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        begin();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        begin();
    }

    /** Marks the shutdown as begun and ends every open stream. */
    void begin() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        int open = endings.size();
        endings.forEach(Runnable::run);
        if (open > 0) {
            LOG.infof("shutting down: ended %d open stream(s) with UNAVAILABLE", open);
        }
    }

    private static TallyException unavailable() {
        return new TallyException(Reason.SERVER_SHUTTING_DOWN, MESSAGE);
    }
}
