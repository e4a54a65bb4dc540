package dev.tally.system;

import dev.tally.usage.v1.TrackRequest;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady Track traffic from a few client threads, as a well-behaved client sends it: each event has
 * its own idempotency key, and a failed call (a replica killed, the database restarting) is retried
 * with the same key on the other replica, after a short client backoff, until it is acknowledged
 * or {@link #GIVE_UP} has passed. Records what was acknowledged (key → event id).
 */
final class Load implements AutoCloseable {

    static final Duration GIVE_UP = Duration.ofSeconds(90);

    private final SystemClients clients;
    private final String customer;
    private final String feature;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> abandoned = new ConcurrentHashMap<>();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    Load(SystemClients clients, String customer, String feature, int threadCount) {
        this.clients = clients;
        this.customer = customer;
        this.feature = feature;
        for (int i = 0; i < threadCount; i++) {
            int first = i % SystemUnderTest.REPLICAS;
            Thread t = new Thread(() -> run(first), "load-" + i);
            t.start();
            threads.add(t);
        }
    }

    private void run(int replica) {
        while (running.get()) {
            TrackRequest request = Events.units(customer, feature, "1");
            Instant deadline = Instant.now().plus(GIVE_UP);
            while (true) {
                try {
                    String eventId = clients.usage(replica).track(request).getEventId();
                    acknowledged.put(request.getIdempotencyKey(), eventId);
                    break;
                } catch (StatusRuntimeException e) {
                    failedAttempts.incrementAndGet();
                    replica = (replica + 1) % SystemUnderTest.REPLICAS;
                    if (Instant.now().isAfter(deadline)) {
                        abandoned.put(request.getIdempotencyKey(), e.getStatus().toString());
                        break;
                    }
                    backoff();
                }
            }
            replica = (replica + 1) % SystemUnderTest.REPLICAS;
        }
    }

    /** Waits until {@code more} events beyond those acknowledged now are acknowledged. */
    void awaitMore(int more, String during) {
        int target = acknowledged.size() + more;
        SystemUnderTest.eventually(more + " more events acknowledged " + during, GIVE_UP)
                .until(() -> acknowledged.size() >= target);
    }

    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    Map<String, String> abandoned() {
        return Map.copyOf(abandoned);
    }

    int failedAttempts() {
        return failedAttempts.get();
    }

    /** Stops sending new events; events in flight finish their retries. */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(GIVE_UP.plusSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void backoff() {
        try {
            Thread.sleep(200); // a client's retry backoff, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
