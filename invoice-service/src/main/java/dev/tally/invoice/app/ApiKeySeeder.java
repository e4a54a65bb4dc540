package dev.tally.invoice.app;

import dev.tally.invoice.store.ApiKeyStore;
import dev.tally.support.auth.AuthConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Stores the configured seed keys ({@link SeedKeys}) at startup, each only if its key id is new. */
@ApplicationScoped
public class ApiKeySeeder {

    private static final Logger LOG = Logger.getLogger(ApiKeySeeder.class);

    private final ApiKeyStore store;
    private final Clock clock;
    private final Optional<String> seedKeys;

    ApiKeySeeder(ApiKeyStore store, Clock clock, AuthConfig config) {
        this.store = store;
        this.clock = clock;
        this.seedKeys = config.seedKeys();
    }

    void seed(@Observes StartupEvent started) {
        for (SeedKeys.Seed seed : SeedKeys.parse(seedKeys.orElse("")).seeds()) {
            var row = store.insertIfAbsent(
                            seed.key().keyId(),
                            seed.key().secretHash(),
                            seed.displayName(),
                            seed.scopes(),
                            clock.instant())
                    .await()
                    .atMost(Duration.ofSeconds(30));
            if (row != null) {
                LOG.infof("seed API key %s (%s) stored", seed.key().keyId(), seed.displayName());
            }
        }
    }
}
