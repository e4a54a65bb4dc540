package dev.tally.support.store;

import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How a service opens a connection of its own to its database, beside the pool: for
 * {@code LISTEN} (a {@code PgSubscriber} keeps one connection that must not go back to a pool). Same
 * database, user and password as the service's reactive datasource.
 */
@Singleton
public class ListenerConnections {

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;

    ListenerConnections(
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Options for one listening connection, reported in metrics as {@code metricsName}. */
    public PgConnectOptions options(String metricsName) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setMetricsName(metricsName);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }
}
