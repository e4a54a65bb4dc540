package dev.tally.invoice.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.tally.support.auth.AuthConfig;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
            var row = store.insert(store.pool(), seed.key(), seed.displayName(), seed.scopes(), clock.instant(), null, true)
                    .await().atMost(Duration.ofSeconds(30));
            if (row != null) {
                LOG.infof("seed API key %s (%s) stored", seed.key().keyId(), seed.displayName());
            }
        }
    }
}
