package dev.tally.catalog.app;

import dev.tally.catalog.store.CatalogWriter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps this replica's price table current with changes committed by any replica: LISTEN on
 * {@link CatalogWriter#CHANNEL} (PostgreSQL NOTIFY is delivered on commit), reconnecting when
 * the connection drops, and a periodic poll as a safety net for notifications lost meanwhile.
 */
@ApplicationScoped
public class CatalogChangeListener {

    private static final Logger LOG = Logger.getLogger(CatalogChangeListener.class);

    private final PriceTable table;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    public CatalogChangeListener(
            PriceTable table,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.table = table;
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user)
                .setPassword(password.orElse(null));
    }

    /** Starts listening; called once the table has its first load (see StartupSeed). */
    public void start() {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1_000L);
        subscriber
                .channel(CatalogWriter.CHANNEL)
                .subscribeHandler(this::reload) // (re)subscribed: catch up on anything missed
                .handler(revision -> reload());
        subscriber
                .connect()
                .onFailure()
                .invoke(f -> LOG.warnf("cannot listen for catalog changes yet (%s); retrying", f.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely()
                .subscribe()
                .with(
                        ok -> LOG.debug("listening for catalog changes"),
                        f -> LOG.error("catalog change listener stopped", f));
    }

    @Scheduled(
            identity = "catalog-cache-poll",
            every = "${tally.catalog.cache.poll-interval}",
            delayed = "${tally.catalog.cache.poll-interval}")
    Uni<Void> poll() {
        return table.refresh()
                .replaceWithVoid()
                .onFailure()
                .invoke(f -> LOG.warnf("catalog reload failed: %s", f.getMessage()))
                .onFailure()
                .recoverWithNull();
    }

    private void reload() {
        table.refresh().subscribe().with(snapshot -> {}, f -> LOG.warnf("catalog reload failed: %s", f.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(ok -> {}, f -> {});
        }
    }
}
