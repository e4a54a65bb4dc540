package dev.tally.wallet.store;

import dev.tally.wallet.config.WalletConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cross-replica change signals through PostgreSQL LISTEN/NOTIFY. Every write transaction notifies
 * channel {@value #CHANNEL} with the ids of the customers whose wallet it changed (PostgreSQL
 * delivers it at commit, to every replica); this bean listens on one dedicated connection and
 * signals the local watchers of those customers and drops them from the {@link BalanceCache}. While
 * the listening connection is down nothing is cached; once it is re-established every watcher is
 * signalled and the cache starts empty, since notifications sent meanwhile were missed.
 */
@ApplicationScoped
public class BalanceNotifications {

    static final String CHANNEL = "tally_wallet_balance";
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    private static final int MAX_PAYLOAD_BYTES = 7900;
    private static final Logger LOG = Logger.getLogger(BalanceNotifications.class);

    private final Map<String, Set<MultiEmitter<? super Boolean>>> watchers = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final WalletConfig config;
    private final BalanceCache cache;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    BalanceNotifications(Vertx vertx, WalletConfig config, BalanceCache cache,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                         @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.config = config;
        this.cache = cache;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setMetricsName("wallet-balance-listener");
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        long retryMillis = config.watch().reconnectInterval().toMillis();
        // the policy is asked each time the connection is lost (and after each failed attempt)
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            cache.notListening();
            return retryMillis;
        });
        subscriber.channel(CHANNEL)
                .handler(this::dispatch)
                .subscribeHandler(this::signalEveryone);
        subscriber.connect()
                .onFailure().invoke(e -> LOG.warnf("cannot listen on %s yet: %s", CHANNEL, e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(retryMillis)).indefinitely()
                .subscribe().with(ok -> LOG.infof("listening for balance changes on %s", CHANNEL));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /**
     * Signals at once, then after every committed change of the customer's wallet made by any
     * replica. Signals the subscriber has not consumed yet are coalesced into one.
     */
    public Multi<Boolean> signals(String customerId) {
        return Multi.createFrom().emitter(emitter -> {
            watchers.computeIfAbsent(customerId, id -> ConcurrentHashMap.newKeySet()).add(emitter);
            emitter.onTermination(() -> watchers.computeIfPresent(customerId, (id, set) -> {
                set.remove(emitter);
                return set.isEmpty() ? null : set;
            }));
            emitter.emit(Boolean.TRUE);
        }, BackPressureStrategy.LATEST);
    }

    /** The NOTIFY payloads announcing changes of these customers: ids one per line, each under the size limit. */
    static List<String> payloads(Collection<String> customerIds) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int bytes = 0;
        for (String id : customerIds) {
            int size = id.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload.setLength(0);
                bytes = 0;
            }
            payload.append(bytes > 0 ? "\n" : "").append(id);
            bytes += size;
        }
        if (bytes > 0) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    private void dispatch(String payload) {
        for (String customerId : payload.split("\n")) {
            cache.invalidate(customerId);
            Set<MultiEmitter<? super Boolean>> emitters = watchers.get(customerId);
            if (emitters != null) {
                emitters.forEach(emitter -> emitter.emit(Boolean.TRUE));
            }
        }
    }

    private void signalEveryone() {
        cache.listening();
        watchers.values().forEach(emitters -> emitters.forEach(emitter -> emitter.emit(Boolean.TRUE)));
    }
}
