package dev.tally.wallet;

import dev.tally.testing.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the packaged wallet-service ({@code target/quarkus-app/quarkus-run.jar}, system
 * property {@code wallet.service.jar}) running as a separate process on a free port, configured
 * by environment variables like a deployment. Its output goes to {@code wallet.service.logs}.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;

    private ServiceProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts an instance on the given database of the test server. */
    public static ServiceProcess start(String name, TestDatabase db, String database) {
        String jar = System.getProperty("wallet.service.jar", "target/quarkus-app/quarkus-run.jar");
        Path logs = Path.of(System.getProperty("wallet.service.logs", "target/it-logs"));
        int port = freePort();
        try {
            Files.createDirectories(logs);
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar)
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("wallet-" + name + ".log").toFile());
            builder.environment().putAll(Map.of(
                    "QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", db.user(),
                    "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                    "QUARKUS_HTTP_PORT", String.valueOf(port)));
            return new ServiceProcess(name, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + List.of("java", "-jar", jar), e);
        }
    }

    public int port() {
        return port;
    }

    /** Polls /q/health/ready until it answers 200 (fails after the timeout or if the process exits). */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("instance " + name + " exited with " + process.exitValue() + " (see its log)");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("instance " + name + " not ready within " + timeout + " (see its log)");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
