package dev.tally.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.launcher.DatabaseServer;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.testing.FreePorts;
import dev.tally.testing.PackagedService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a packaged service starts and stops in production (no profile), as Kubernetes drives it: on
 * SIGTERM readiness turns DOWN for the shutdown delay while the service still runs, then it exits;
 * without a database password it refuses to start, saying which variable to set. One service
 * (wallet-service, ready on its database alone) stands for all four: these behaviours live in
 * service-support. It runs on its own database of the shared system's PostgreSQL ({@link SharedSystem}).
 */
@ExtendWith(SharedSystem.class)
@Order(2)
class ServiceLifecycleTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final TallyService SERVICE = TallyService.WALLET;
    private static final String DATABASE = "lifecycle_wallet";
    /** Long enough that the test sees readiness DOWN before the service exits, even on a busy machine. */
    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(5);

    private static DatabaseServer db;

    @BeforeAll
    static void ownDatabase(SystemUnderTest system) {
        db = system.database();
        db.ensureDatabase(DATABASE);
    }

    @Test
    void readinessIsDownDuringTheShutdownDelayThenTheServiceExits() throws Exception {
        Map<String, String> env = databaseEnv();
        env.put("QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s");
        int port = FreePorts.next();
        try (ServiceProcess service = start(port, env, "shutdown")) {
            service.awaitReady(Duration.ofSeconds(120));
            assertThat(readiness(port)).isEqualTo(200);

            Instant sigterm = Instant.now();
            service.terminate();
            // a 503 is an answer: the service still runs (the delay) while it says it is not ready
            SystemUnderTest.eventually("readiness DOWN after SIGTERM", Duration.ofSeconds(30))
                    .until(() -> readiness(port) == 503);
            Duration down = Duration.between(sigterm, Instant.now());

            OptionalInt exit = service.awaitExit(Duration.ofSeconds(30));
            Duration stopped = Duration.between(sigterm, Instant.now());
            assertThat(exit).as("exited after the delay").isPresent();
            assertThat(Files.readString(service.log())).doesNotContain("Timed out waiting for graceful shutdown");
            System.out.printf(
                    "ServiceLifecycleTest: readiness DOWN %d ms after SIGTERM, exit after %d ms (delay %d s)%n",
                    down.toMillis(), stopped.toMillis(), SHUTDOWN_DELAY.toSeconds());
        }
    }

    @Test
    void productionStartWithoutAPasswordFailsFastWithAClearMessage() throws Exception {
        Map<String, String> env = databaseEnv();
        env.put("QUARKUS_DATASOURCE_PASSWORD", ""); // empty is unset (and hides any inherited value)
        try (ServiceProcess service = start(FreePorts.next(), env, "no-password")) {
            OptionalInt exit = service.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("stopped by itself").isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(Files.readString(service.log()))
                    .contains(
                            "Database credentials missing: set QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.password).");
        }
    }

    private static ServiceProcess start(int port, Map<String, String> env, String name) {
        return PackagedService.of(SERVICE).start("lifecycle-" + name, port, env, PackagedService.JVM_OPTIONS);
    }

    private static Map<String, String> databaseEnv() {
        Map<String, String> env = new HashMap<>(PackagedService.PATIENT_START);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        return env;
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
