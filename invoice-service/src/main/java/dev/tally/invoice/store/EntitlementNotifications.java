package dev.tally.invoice.store;

import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.EntitlementChange;
import dev.tally.support.error.TallyException;
import dev.tally.support.store.ListenerConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Entitlement changes across replicas through PostgreSQL LISTEN/NOTIFY: the transaction that
 * changes a subscription or closes a period calls {@link #announce} (PostgreSQL delivers the
 * notification at commit, to every replica, and never for a rollback); this bean listens on one
 * dedicated connection and hands each change to the local watchers. When the listening connection
 * was lost and comes back, every open watch stream is ended (UNAVAILABLE): changes made meanwhile
 * were missed, and the contract says a reconnecting caller drops its whole cache.
 */
@ApplicationScoped
public class EntitlementNotifications {

    static final String CHANNEL = "tally_invoice_entitlements";
    private static final Logger LOG = Logger.getLogger(EntitlementNotifications.class);

    private final Set<MultiEmitter<? super EntitlementChange>> watchers = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final InvoiceConfig config;
    private final ListenerConnections connections;
    private PgSubscriber subscriber;
    private volatile boolean listening;

    EntitlementNotifications(Vertx vertx, InvoiceConfig config, ListenerConnections connections) {
        this.vertx = vertx;
        this.config = config;
        this.connections = connections;
    }

    void start(@Observes StartupEvent started) {
        PgConnectOptions options = connections.options("invoice-entitlement-listener");
        long retryMillis = config.entitlements().reconnectInterval().toMillis();
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> retryMillis);
        subscriber.closeHandler(this::lost);
        subscriber.channel(CHANNEL).handler(this::dispatch).subscribeHandler(this::subscribed);
        subscriber
                .connect()
                .onFailure()
                .invoke(e -> LOG.warnf("cannot listen on %s yet: %s", CHANNEL, e.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(retryMillis))
                .indefinitely()
                .subscribe()
                .with(ok -> LOG.infof("listening for entitlement changes on %s", CHANNEL));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** Every change committed from now on, by any replica, until the listening connection is lost. */
    public Multi<EntitlementChange> changes() {
        return Multi.createFrom().emitter(emitter -> {
            watchers.add(emitter);
            emitter.onTermination(() -> watchers.remove(emitter));
        });
    }

    /** True once the listening connection is up (changes committed before it are not seen). */
    public boolean isListening() {
        return listening;
    }

    /** Announces the change to every replica when the current transaction commits. */
    public Uni<Void> announce(EntitlementChange change) {
        return NativeSql.value("SELECT pg_notify(?1, ?2)", Object.class, CHANNEL, line(change))
                .replaceWithVoid();
    }

    /** One line of a NOTIFY payload: {@code customer \t subscription \t epoch micros}. */
    static String line(EntitlementChange change) {
        Instant at = change.changeTime();
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
        return change.customerId() + "\t" + change.subscriptionId() + "\t" + micros;
    }

    static EntitlementChange parse(String line) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 3) {
            return null;
        }
        long micros = Long.parseLong(parts[2]);
        return new EntitlementChange(
                parts[0],
                parts[1],
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
    }

    private void dispatch(String payload) {
        for (String line : payload.split("\n")) {
            EntitlementChange change = parse(line);
            if (change != null) {
                watchers.forEach(emitter -> emitter.emit(change));
            }
        }
    }

    /** The channel is (again) listened to: after a reconnection, changes may have been missed. */
    private void subscribed() {
        if (listening) {
            lost();
        }
        listening = true;
    }

    private void lost() {
        TallyException failure = TallyException.unavailable(
                "the entitlement change feed was interrupted: drop cached entitlements and watch again");
        watchers.forEach(emitter -> emitter.fail(failure));
    }
}
