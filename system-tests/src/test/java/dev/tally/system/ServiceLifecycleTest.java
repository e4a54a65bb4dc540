package dev.tally.system;

import dev.tally.launcher.DatabaseServer;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a packaged service starts and stops in production (no profile), as Kubernetes drives it: on
 * SIGTERM readiness turns DOWN for the shutdown delay while the service still runs, then it exits;
 * without a database password it refuses to start, saying which variable to set. One service
 * (wallet-service, ready on its database alone) stands for all four: these behaviours live in
 * service-support.
 */
class ServiceLifecycleTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final TallyService SERVICE = TallyService.WALLET;

    private static DatabaseServer db;

    @BeforeAll
    static void startDatabase() {
        db = DatabaseServer.throwaway();
        db.ensureDatabase(SERVICE.database());
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @Test
    void readinessIsDownDuringTheShutdownDelayThenTheServiceExits() throws Exception {
        Map<String, String> env = databaseEnv();
        env.put("QUARKUS_SHUTDOWN_DELAY", "3s");
        int port = freePort();
        try (ServiceProcess service = start(port, env, "shutdown")) {
            service.awaitReady(Duration.ofSeconds(120));
            assertThat(readiness(port)).isEqualTo(200);

            Instant sigterm = Instant.now();
            service.terminate();
            Poll.until("readiness DOWN after SIGTERM", Duration.ofSeconds(10), () -> readiness(port) == 503);
            Duration down = Duration.between(sigterm, Instant.now());
            assertThat(service.isAlive()).as("still running (the delay) while not ready").isTrue();

            OptionalInt exit = service.awaitExit(Duration.ofSeconds(30));
            Duration stopped = Duration.between(sigterm, Instant.now());
            assertThat(exit).as("exited after the delay").isPresent();
            assertThat(Files.readString(service.log())).doesNotContain("Timed out waiting for graceful shutdown");
            System.out.printf("ServiceLifecycleTest: readiness DOWN %d ms after SIGTERM, exit after %d ms (delay 3 s)%n",
                    down.toMillis(), stopped.toMillis());
        }
    }

    @Test
    void productionStartWithoutAPasswordFailsFastWithAClearMessage() throws Exception {
        Map<String, String> env = databaseEnv();
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");   // empty is unset (and hides any inherited value)
        try (ServiceProcess service = start(freePort(), env, "no-password")) {
            OptionalInt exit = service.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("stopped by itself").isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(Files.readString(service.log()))
                    .contains("Database credentials missing: set QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.password).");
        }
    }

    private static ServiceProcess start(int port, Map<String, String> env, String name) {
        return ServiceProcess.start(SERVICE.module(), SERVICE.runnableJar(ROOT), port, env, List.of("-Xmx256m"),
                Path.of("target", "lifecycle-" + name + ".log").toAbsolutePath());
    }

    private static Map<String, String> databaseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(SERVICE.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        return env;
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;   // not listening
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
