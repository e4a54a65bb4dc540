package dev.tally.support.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code tally.auth.*}: API keys on every RPC (defaults in service-support's microprofile-config.properties). */
@ConfigMapping(prefix = "tally.auth")
public interface AuthConfig {

    /** Whether calls need a key. Off only in the services' own tests (the {@code %test} profile). */
    @WithDefault("true")
    boolean enabled();

    /** Whether gRPC reflection is served without a key (the local run). */
    @WithDefault("false")
    boolean reflectionOpen();

    /** This service's own key, sent on every call it makes to another service (env TALLY_AUTH_SERVICE_KEY). */
    Optional<String> serviceKey();

    /** How long a verified key is used without asking the registry again. */
    @WithDefault("60s")
    Duration verifiedFor();

    /** How long a refused key is refused without asking the registry again. */
    @WithDefault("5s")
    Duration invalidFor();

    /** How long after its last confirmation a key is still served while the registry is unreachable. */
    @WithDefault("5m")
    Duration staleFor();

    /** Most keys of each kind (verified, refused) a replica remembers. */
    @WithDefault("10000")
    int maxCachedKeys();

    /** First delay before reopening the revocation stream; doubles up to 5 s. */
    @WithDefault("1s")
    Duration reconnectInterval();

    /**
     * invoice-service (the registry) only: keys stored at startup if absent, given in full
     * ({@code <name>|<scope> <scope>|<key>}, comma-separated; env TALLY_AUTH_SEED_KEYS).
     */
    Optional<String> seedKeys();

    /** invoice-service (the registry) only: how often revocation streams read new revocations. */
    @WithDefault("1s")
    Duration revocationPoll();

    default ApiKeyCache.Rules cacheRules() {
        return new ApiKeyCache.Rules(verifiedFor(), invalidFor(), staleFor(), maxCachedKeys());
    }
}
