package dev.tally.usage.job;

import dev.tally.usage.app.OutboxDelivery;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every replica, every {@code tally.usage.outbox.poll-interval}: delivers the outbox rows that are
 * due ({@link OutboxDelivery#poll}): after a wallet outage, a crash or a restart.
 */
@ApplicationScoped
public class OutboxPoller {

    private final OutboxDelivery delivery;

    OutboxPoller(OutboxDelivery delivery) {
        this.delivery = delivery;
    }

    @Scheduled(
            every = "${tally.usage.outbox.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    Uni<Void> poll() {
        return delivery.poll();
    }
}
