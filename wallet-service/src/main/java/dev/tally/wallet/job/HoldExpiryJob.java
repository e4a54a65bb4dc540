package dev.tally.wallet.job;

import dev.tally.wallet.app.WalletWrites;
import dev.tally.wallet.config.WalletConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Releases holds nobody captured or released once their expire time has passed. Every replica runs
 * it; the database decides who works (a transaction-scoped advisory lock, and each hold re-checked
 * under its wallet's lock), so a hold is expired exactly once. A run releases batches until none is
 * due.
 */
@ApplicationScoped
public class HoldExpiryJob {

    private static final Logger LOG = Logger.getLogger(HoldExpiryJob.class);

    private final WalletWrites writes;
    private final WalletConfig config;

    HoldExpiryJob(WalletWrites writes, WalletConfig config) {
        this.writes = writes;
        this.config = config;
    }

    @Scheduled(
            identity = "wallet-hold-expiry",
            every = "${tally.wallet.holds.expiry-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return expireDue()
                .onFailure()
                .invoke(e -> LOG.warnf("hold expiry failed, retried next run: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Expires every hold due now, batch by batch; the total expired. */
    public Uni<Integer> expireDue() {
        int batch = config.holds().expiryBatchSize();
        return writes.expireDueHolds(batch)
                .chain(expired -> expired < batch
                        ? Uni.createFrom().item(expired)
                        : expireDue().map(more -> expired + more));
    }
}
