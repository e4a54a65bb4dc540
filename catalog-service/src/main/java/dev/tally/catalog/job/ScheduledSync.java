package dev.tally.catalog.job;

import dev.tally.catalog.app.SyncAdmin;
import dev.tally.catalog.app.SyncRunner;
import dev.tally.catalog.config.CatalogConfig;
import dev.tally.catalog.domain.sync.SyncTrigger;
import dev.tally.support.error.TallyException;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * The daily sync (cron {@code tally.catalog.sync.cron}, UTC). Every replica's scheduler fires;
 * the run records its cron slot, unique in the database, and holds the sync lock, so each slot
 * runs once across replicas. ({@code concurrentExecution = SKIP} only guards this JVM.)
 */
@ApplicationScoped
public class ScheduledSync {

    private static final Logger LOG = Logger.getLogger(ScheduledSync.class);

    private final SyncRunner runner;
    private final CatalogConfig config;

    public ScheduledSync(SyncRunner runner, CatalogConfig config) {
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(
            identity = SyncAdmin.SCHEDULED_JOB,
            cron = "${tally.catalog.sync.cron}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sync(ScheduledExecution execution) {
        SyncRunner.Request request = new SyncRunner.Request(
                SyncTrigger.SCHEDULE,
                config.sync().format(),
                execution.getScheduledFireTime().truncatedTo(ChronoUnit.SECONDS),
                null);
        return runner.start(request)
                .flatMap(started -> {
                    if (started.run() == null) {
                        LOG.debugf("scheduled sync of %s already ran on another replica", request.scheduleSlot());
                        return Uni.createFrom().voidItem();
                    }
                    return started.finished().replaceWithVoid();
                })
                .onFailure(TallyException.class)
                .recoverWithUni(failure -> {
                    LOG.infof("scheduled sync skipped: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
