package dev.tally.wallet.store;

import dev.tally.support.store.ListenerConnections;
import dev.tally.wallet.config.WalletConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL NOTIFY channel {@value #NAME} that announces committed wallet changes to every
 * replica: each write transaction notifies it with the ids of the customers whose wallet it changed
 * ({@link #payloads}, sent by {@link WalletSession#saveAndCommit}; PostgreSQL delivers it at commit
 * only), and each replica listens on one dedicated connection ({@link #listen}), re-established
 * after {@code tally.wallet.watch.reconnect-interval} whenever it is lost.
 */
@ApplicationScoped
public class ChangeChannel {

    static final String NAME = "tally_wallet_balance";
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    private static final int MAX_PAYLOAD_BYTES = 7900;

    private static final Logger LOG = Logger.getLogger(ChangeChannel.class);

    /** What the listening connection reports. */
    public interface Listener {

        /** A change of the customer's wallet committed (by any replica). */
        void changed(String customerId);

        /** The connection listens (again): notifications sent while it did not were missed. */
        void listening();

        /** The connection was lost (or an attempt to re-establish it failed): notifications may be missed. */
        void lost();
    }

    private final Vertx vertx;
    private final WalletConfig config;
    private final ListenerConnections connections;
    private PgSubscriber subscriber;

    ChangeChannel(Vertx vertx, WalletConfig config, ListenerConnections connections) {
        this.vertx = vertx;
        this.config = config;
        this.connections = connections;
    }

    /** Opens the listening connection (retried until it succeeds) and reports to {@code listener}. */
    public void listen(Listener listener) {
        PgConnectOptions options = connections.options("wallet-balance-listener");
        long retryMillis = config.watch().reconnectInterval().toMillis();
        // the policy is asked each time the connection is lost (and after each failed attempt)
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            listener.lost();
            return retryMillis;
        });
        subscriber
                .channel(NAME)
                .handler(payload -> {
                    for (String customerId : payload.split("\n")) {
                        listener.changed(customerId);
                    }
                })
                .subscribeHandler(listener::listening);
        subscriber
                .connect()
                .onFailure()
                .invoke(e -> LOG.warnf("cannot listen on %s yet: %s", NAME, e.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(retryMillis))
                .indefinitely()
                .subscribe()
                .with(ok -> LOG.infof("listening for balance changes on %s", NAME));
    }

    /** Closes the listening connection. */
    public void close() {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
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
}
