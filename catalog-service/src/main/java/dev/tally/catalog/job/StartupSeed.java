package dev.tally.catalog.job;

import dev.tally.catalog.cache.CatalogChangeListener;
import dev.tally.catalog.cache.PriceTable;
import dev.tally.catalog.config.CatalogConfig;
import dev.tally.catalog.domain.SyncTrigger;
import dev.tally.catalog.sync.SyncRunner;
import dev.tally.support.error.TallyException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At startup: loads the price table, starts listening for changes, and seeds an empty catalog
 * from the bundled snapshot. The seed is a sync (trigger SEED) under the sync lock that re-checks
 * emptiness, so it happens once however many replicas start together; a replica that finds
 * another one seeding gets the models through the change notification. Nothing blocks startup;
 * readiness waits for this ({@link #settled()}).
 */
@ApplicationScoped
public class StartupSeed {

    private static final Logger LOG = Logger.getLogger(StartupSeed.class);

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

    void onStart(@Observes StartupEvent event) {
        listener.start();
        table.refresh()
                .chain(snapshot -> snapshot.size() > 0 || !config.seed().enabled() ? Uni.createFrom().voidItem() : seed())
                .subscribe().with(done -> settled = true, failure -> {
                    LOG.error("catalog startup failed; the price table loads on the next change or poll", failure);
                    settled = true;
                });
    }

    private Uni<Void> seed() {
        return runner.start(new SyncRunner.Request(SyncTrigger.SEED, config.sync().format(), null, null))
                .flatMap(started -> started.run() == null ? Uni.createFrom().voidItem()
                        : started.finished().invoke(run -> LOG.infof("seeded the catalog from the bundled snapshot: %s",
                        run.counts())).replaceWithVoid())
                .onFailure(TallyException.class).recoverWithUni(failure -> {
                    LOG.infof("not seeding here: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Whether the startup load and seed attempt are over. */
    public boolean settled() {
        return settled;
    }
}
