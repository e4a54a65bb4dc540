package dev.tally.support.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Closes every HTTP/2 connection (every gRPC client) gracefully after
 * {@code tally.grpc.server.max-connection-age}, as grpc-java's {@code maxConnectionAge} does on
 * its own servers: a GOAWAY tells the client to send new calls over a new connection, calls already
 * running finish (within {@code max-connection-age-grace}), then the connection closes. A client
 * balancing over a headless Service resolves the address again when it reconnects, so replicas
 * added by a scale-out or a rolling upgrade receive calls within one connection age.
 * <p>
 * Why here: gRPC shares the Vert.x HTTP server with health and metrics
 * ({@code quarkus.grpc.server.use-separate-server=false}), and Quarkus 3.33 has no setting for a
 * connection age on it ({@code quarkus.grpc.server.netty.*} applies to a separate gRPC server only).
 * A route ordered before gRPC's own sees the first request of each connection and schedules the
 * GOAWAY on the connection's event loop; the timer is cancelled if the connection closes first.
 * HTTP/1.1 connections (probes, metrics scrapes) are left alone.
 */
@ApplicationScoped
public class MaxConnectionAge {

    /** Right after Quarkus' body handler, before every route that may answer (gRPC's included). */
    static final int ROUTE_ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;
    /** Each connection's age is the configured one ± this fraction. */
    static final double JITTER = 0.10;

    private static final Logger LOG = Logger.getLogger(MaxConnectionAge.class);
    private static final AttributeKey<Boolean> SCHEDULED = AttributeKey.valueOf("tally.max-connection-age");

    private final ConnectionAgeConfig config;

    MaxConnectionAge(ConnectionAgeConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        if (!config.enabled()) {
            LOG.info("gRPC connections have no maximum age (tally.grpc.server.max-connection-age=off)");
            return;
        }
        router.route().order(ROUTE_ORDER).handler(this::onRequest);
    }

    private void onRequest(RoutingContext rc) {
        HttpConnection connection = rc.request().connection();
        if (rc.request().version() == HttpVersion.HTTP_2
                && connection instanceof ConnectionBase base // Vert.x 4 internal: the connection's Netty channel
                && base.channel().attr(SCHEDULED).setIfAbsent(Boolean.TRUE) == null) {
            schedule(connection, base.channel());
        }
        rc.next();
    }

    private void schedule(HttpConnection connection, Channel channel) {
        long age = jittered(
                        config.maxConnectionAge(), ThreadLocalRandom.current().nextDouble())
                .toMillis();
        long grace = config.maxConnectionAgeGrace().toMillis();
        ScheduledFuture<?> goAway =
                channel.eventLoop().schedule(() -> drain(connection, grace), age, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> goAway.cancel(false));
    }

    /**
     * The two-phase GOAWAY of grpc-java's own servers: a first GOAWAY names the largest stream id,
     * so a call the client sent while it crossed is still accepted, and a PING follows it; once the
     * client acknowledges the PING it has read the GOAWAY and opens no new stream here, and only then
     * the graceful shutdown starts (calls running finish within {@code graceMillis}). A single GOAWAY
     * naming the last stream seen refused a crossing call, and Vert.x then closed the connection at
     * once, failing the calls still running on it.
     */
    private static void drain(HttpConnection connection, long graceMillis) {
        connection.goAway(0, Integer.MAX_VALUE);
        connection.ping(Buffer.buffer(new byte[8]), acked -> connection.shutdown(graceMillis, TimeUnit.MILLISECONDS));
    }

    /** {@code age} scaled by a factor in [1 - JITTER, 1 + JITTER), chosen by {@code random} in [0, 1). */
    static Duration jittered(Duration age, double random) {
        double factor = 1 - JITTER + 2 * JITTER * random;
        return Duration.ofNanos(Math.round(age.toNanos() * factor));
    }
}
