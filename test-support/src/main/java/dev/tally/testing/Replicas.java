package dev.tally.testing;

import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;

import java.util.Map;

/**
 * Extra replicas of a service for integration tests ({@code *IT}, run after {@code package}): the
 * packaged jar ({@link PackagedService}) as its own process on a free port, configured only by
 * environment variables, its output in {@code target/<name>.log}. Call
 * {@link ServiceProcess#awaitReady} before use.
 */
public final class Replicas {

    private Replicas() {
    }

    public static ServiceProcess launch(TallyService service, String name, Map<String, String> env) {
        return PackagedService.of(service).start(name, FreePorts.next(), env, PackagedService.JVM_OPTIONS);
    }

    /**
     * The environment that points a replica at a database of the test server. API keys are off
     * (TALLY_AUTH_ENABLED=false): these replicas test other properties, and call each other without
     * keys; system-tests' AuthMatrixTest runs the services with keys.
     */
    public static Map<String, String> databaseEnv(TestDatabase pg, String database) {
        return Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", pg.reactiveUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", pg.user(),
                "QUARKUS_DATASOURCE_PASSWORD", pg.password(),
                "TALLY_AUTH_ENABLED", "false");
    }
}
