package dev.tally.support.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import java.time.Duration;

/**
 * How long a client connection to the shared gRPC/HTTP server may live ({@link MaxConnectionAge}).
 * Defaults in {@code META-INF/microprofile-config.properties}; environment variables
 * {@code TALLY_GRPC_SERVER_MAX_CONNECTION_AGE} and {@code TALLY_GRPC_SERVER_MAX_CONNECTION_AGE_GRACE}.
 */
@ConfigMapping(prefix = "tally.grpc.server")
public interface ConnectionAgeConfig {

    /**
     * After this age (± 10 % so that connections opened together do not close together) an HTTP/2
     * connection is sent a GOAWAY: the client opens a new one for its next call, resolving the
     * service's address again. A Quarkus duration ({@code 5m}, {@code 300s}); {@code 0} or
     * {@code off}: connections live as long as the client keeps them.
     */
    @WithConverter(OptionalDuration.class)
    Duration maxConnectionAge();

    /** How long calls running on an aged connection may take to finish before it is closed. */
    Duration maxConnectionAgeGrace();

    default boolean enabled() {
        return !maxConnectionAge().isZero();
    }
}
