package dev.tally.catalog.app;

import dev.tally.catalog.store.CatalogStore;
import dev.tally.pricing.Model;
import dev.tally.pricing.lookup.CatalogSnapshot;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The in-memory copy of the catalog every read is served from: quotes cost no database round
 * trip. It is only a cache: the database holds the truth, and each replica rebuilds its copy from
 * it at startup and reloads the models changed since its revision whenever told (a local write,
 * a NOTIFY from another replica, or the periodic poll). It also feeds price watchers.
 */
@ApplicationScoped
public class PriceTable {

    private static final Logger LOG = Logger.getLogger(PriceTable.class);

    private final CatalogStore store;
    private final BroadcastProcessor<CatalogEvent> changes = BroadcastProcessor.create();
    private volatile CatalogSnapshot current = CatalogSnapshot.empty();
    private volatile boolean loaded;
    private CompletableFuture<CatalogSnapshot> running;
    private CompletableFuture<CatalogSnapshot> queued;

    public PriceTable(CatalogStore store) {
        this.store = store;
    }

    public CatalogSnapshot current() {
        return current;
    }

    /** Whether the table has been loaded from the database at least once. */
    public boolean loaded() {
        return loaded;
    }

    /**
     * Reloads what changed. The returned snapshot reflects at least every commit made before
     * the call: a reload already under way may have read too early, so another one is queued
     * after it (concurrent callers share that one).
     */
    public Uni<CatalogSnapshot> refresh() {
        return Uni.createFrom().completionStage(this::requestPass);
    }

    /**
     * After a committed write: refresh so this replica reads its own write at once. A failure is
     * only logged; the change notification or the next poll catches up.
     */
    public Uni<Void> refreshAfterWrite() {
        return refresh()
                .replaceWithVoid()
                .onFailure()
                .invoke(f -> LOG.warnf("price table reload after a write failed: %s", f.getMessage()))
                .onFailure()
                .recoverWithNull();
    }

    private synchronized CompletableFuture<CatalogSnapshot> requestPass() {
        if (running != null) {
            if (queued == null) {
                queued = new CompletableFuture<>();
            }
            return queued;
        }
        CompletableFuture<CatalogSnapshot> pass = new CompletableFuture<>();
        running = pass;
        launch(pass);
        return pass;
    }

    private void launch(CompletableFuture<CatalogSnapshot> pass) {
        store.changedSince(current.revision())
                .subscribe()
                .with(
                        delta -> {
                            apply(delta);
                            passDone(pass, null);
                        },
                        failure -> passDone(pass, failure));
    }

    private void passDone(CompletableFuture<CatalogSnapshot> pass, Throwable failure) {
        CompletableFuture<CatalogSnapshot> next;
        synchronized (this) {
            next = queued;
            queued = null;
            running = next;
        }
        if (failure == null) {
            pass.complete(current);
        } else {
            pass.completeExceptionally(failure);
        }
        if (next != null) {
            launch(next);
        }
    }

    private void apply(CatalogStore.Delta delta) {
        CatalogSnapshot before = current;
        if (delta.revision() > before.revision()) {
            current = before.with(delta.revision(), delta.models());
            if (loaded) {
                publish(delta);
            }
        }
        loaded = true;
    }

    /** One CHANGE per revision, in order, with the models whose latest change it was. */
    private void publish(CatalogStore.Delta delta) {
        Map<Long, List<Model>> byRevision = new HashMap<>();
        delta.models()
                .forEach(m -> byRevision
                        .computeIfAbsent(m.revision(), r -> new ArrayList<>())
                        .add(m));
        for (CatalogStore.Revision revision : delta.revisions()) {
            List<Model> models = byRevision.get(revision.revision());
            if (models != null) {
                changes.onNext(
                        new CatalogEvent(CatalogEvent.Kind.CHANGE, revision.revision(), revision.syncRunId(), models));
            }
        }
    }

    /**
     * The table as a stream: the current snapshot in chunks of {@code chunkSize} models (inactive
     * ones only when asked), SNAPSHOT_END, then every change after the snapshot's revision. Changes
     * are listened to before the snapshot is taken, so none falls in between.
     */
    public Multi<CatalogEvent> watch(boolean includeInactive, int chunkSize) {
        return Multi.createFrom().deferred(() -> {
            UnicastProcessor<CatalogEvent> pending = UnicastProcessor.create();
            Cancellable live = changes.subscribe().with(pending::onNext, pending::onError, pending::onComplete);
            CatalogSnapshot snapshot = current;
            List<CatalogEvent> initial = new ArrayList<>();
            List<Model> chunk = new ArrayList<>();
            for (Model model : snapshot.models()) {
                if (!includeInactive && !model.active()) {
                    continue;
                }
                chunk.add(model);
                if (chunk.size() == chunkSize) {
                    initial.add(new CatalogEvent(CatalogEvent.Kind.SNAPSHOT, snapshot.revision(), null, chunk));
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                initial.add(new CatalogEvent(CatalogEvent.Kind.SNAPSHOT, snapshot.revision(), null, chunk));
            }
            initial.add(new CatalogEvent(CatalogEvent.Kind.SNAPSHOT_END, snapshot.revision(), null, List.of()));
            Multi<CatalogEvent> later = pending.select().where(change -> change.revision() > snapshot.revision());
            return Multi.createBy()
                    .concatenating()
                    .streams(Multi.createFrom().iterable(initial), later)
                    .onTermination()
                    .invoke(live::cancel);
        });
    }
}
