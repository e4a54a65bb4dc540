package dev.tally.testing;

import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import java.util.HashMap;
import java.util.Map;

/**
 * Extra replicas of a service for integration tests ({@code *IT}, run after {@code package}): the
 * packaged jar ({@link PackagedService}) as its own process on a free port, configured only by
 * environment variables, its output in {@code target/<name>.log}. Call
 * {@link ServiceProcess#awaitReady} before use.
 */
public final class Replicas {

    private Replicas() {}

    public static ServiceProcess launch(TallyService service, String name, Map<String, String> env) {
        return PackagedService.of(service).start(name, FreePorts.next(), env, PackagedService.JVM_OPTIONS);
    }

    /**
     * The environment that points a replica at a database of the test server (waiting patiently for
     * it: {@link PackagedService#PATIENT_START}). API keys are off
     * (TALLY_AUTH_ENABLED=false): these replicas test other properties, and call each other without
     * keys; system-tests' AuthMatrixTest runs the services with keys.
     */
    public static Map<String, String> databaseEnv(TestDatabase pg, String database) {
        Map<String, String> env = new HashMap<>(PackagedService.PATIENT_START);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", pg.reactiveUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", pg.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", pg.password());
        env.put("TALLY_AUTH_ENABLED", "false");
        return Map.copyOf(env);
    }
}
