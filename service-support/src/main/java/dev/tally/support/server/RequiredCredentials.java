package dev.tally.support.server;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * No database credentials, no start. Outside the dev and test profiles (which default to
 * {@code tally}/{@code tally}) a service refuses to start unless the database user and password
 * are configured, and says which variables to set. Checked before the migrations open the first
 * connection (Flyway asks its customizers first) and again at startup, for a service that does not
 * migrate at start.
 */
@ApplicationScoped
public class RequiredCredentials implements FlywayConfigurationCustomizer {

    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";

    @Override
    public void customize(FluentConfiguration configuration) {
        check(ConfigProvider.getConfig(), LaunchMode.current());
    }

    void onStart(@Observes StartupEvent event) {
        check(ConfigProvider.getConfig(), LaunchMode.current());
    }

    /** Throws, naming the missing keys and their environment variables, unless both are set. */
    static void check(Config config, LaunchMode mode) {
        if (mode.isDevOrTest()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String key : List.of(USERNAME, PASSWORD)) {
            if (config.getOptionalValue(key, String.class).isEmpty()) {
                missing.add(envName(key) + " (" + key + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Database credentials missing: set " + String.join(" and ", missing)
                    + ". Tally has no default database user or password outside the dev and test profiles.");
        }
    }

    static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
