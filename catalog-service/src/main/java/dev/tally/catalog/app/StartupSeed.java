package dev.tally.catalog.app;

import dev.tally.catalog.config.CatalogConfig;
import dev.tally.catalog.domain.sync.SyncTrigger;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * At startup: loads the price table, starts listening for changes, and seeds an empty catalog
 * from the bundled snapshot. The seed is a sync (trigger SEED) under the sync lock that re-checks
 * emptiness, so it happens once however many replicas start together; a replica that finds
 * another sync running waits for it and checks again. Nothing blocks startup ({@code job.SeedOnStartup}
 * starts this); readiness waits for it ({@link #settled()}).
 */
@ApplicationScoped
public class StartupSeed {

    private static final Logger LOG = Logger.getLogger(StartupSeed.class);
    /** With back-off up to 5 s: about 10 minutes of syncs running elsewhere. */
    private static final int MAX_SEED_ATTEMPTS = 120;

    private final PriceTable table;
    private final CatalogChangeListener listener;
    private final SyncRunner runner;
    private final CatalogConfig config;
    private volatile boolean settled;

    public StartupSeed(PriceTable table, CatalogChangeListener listener, SyncRunner runner, CatalogConfig config) {
        this.table = table;
        this.listener = listener;
        this.runner = runner;
        this.config = config;
    }

    /** Starts the load, the listening and the seed; returns at once. */
    public void start() {
        listener.start();
        table.refresh()
                .chain(snapshot -> snapshot.size() > 0 || !config.seed().enabled()
                        ? Uni.createFrom().voidItem()
                        : seed())
                .subscribe()
                .with(done -> settled = true, failure -> {
                    LOG.error("catalog startup failed; the price table loads on the next change or poll", failure);
                    settled = true;
                });
    }

    /**
     * Seeds, or waits for the sync running elsewhere and tries again: that sync may fail (an
     * offline install), and the seed must not be lost. Each attempt re-checks under the sync lock
     * that the catalog is still empty, so once anything filled it this ends without a run.
     */
    private Uni<Void> seed() {
        return Uni.createFrom()
                .deferred(() -> runner.start(
                        new SyncRunner.Request(SyncTrigger.SEED, config.sync().format(), null, null)))
                .onFailure(StartupSeed::isSyncInProgress)
                .invoke(f -> LOG.infof("seed waits: %s", f.getMessage()))
                .onFailure(StartupSeed::isSyncInProgress)
                .retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                .atMost(MAX_SEED_ATTEMPTS)
                .flatMap(started -> started.run() == null
                        ? Uni.createFrom().voidItem()
                        : started.finished()
                                .invoke(run ->
                                        LOG.infof("seeded the catalog from the bundled snapshot: %s", run.counts()))
                                .replaceWithVoid());
    }

    private static boolean isSyncInProgress(Throwable failure) {
        return failure instanceof TallyException e && e.is(Reason.SYNC_IN_PROGRESS);
    }

    /** Whether the startup load and seed attempt are over. */
    public boolean settled() {
        return settled;
    }
}
