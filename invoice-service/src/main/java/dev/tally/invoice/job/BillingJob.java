package dev.tally.invoice.job;

import dev.tally.invoice.app.BillingRuns;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The billing job, on every replica every {@code tally.invoice.billing.interval}: one run of
 * {@link BillingRuns} (renewals, grants, period closes, stalled purchases).
 */
@ApplicationScoped
public class BillingJob {

    private static final Logger LOG = Logger.getLogger(BillingJob.class);

    private final BillingRuns runs;

    BillingJob(BillingRuns runs) {
        this.runs = runs;
    }

    @Scheduled(
            every = "${tally.invoice.billing.interval:10s}",
            delayed = "${tally.invoice.billing.interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    Uni<Void> scheduled() {
        return runs.runOnce()
                .invoke(run -> {
                    if (run.didAnything()) {
                        LOG.infof("billing run: %s", run);
                    }
                })
                .replaceWithVoid();
    }

    /** Skips scheduled runs when {@code tally.invoice.billing.enabled=false} (tests run the job themselves). */
    @Singleton
    public static class Disabled implements Scheduled.SkipPredicate {

        @ConfigProperty(name = "tally.invoice.billing.enabled", defaultValue = "true")
        boolean enabled;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !enabled;
        }
    }
}
