package dev.tally.catalog.it;

import dev.tally.catalog.support.Await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One catalog-service replica: the packaged jar ({@code catalog.jar}) started as its own JVM. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a replica with these environment variables (plus its HTTP/gRPC port); output goes to a log file. */
    static ServiceProcess start(String name, Map<String, String> env) throws IOException {
        int port = freePort();
        Path logs = Path.of(System.getProperty("catalog.logs", "target/it-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new ServiceProcess(name, port, builder.start(), log);
    }

    private static String jar() {
        String jar = System.getProperty("catalog.jar", "target/quarkus-app/quarkus-run.jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException("no packaged service at " + jar + ": run through `mvn verify`");
        }
        return jar;
    }

    int port() {
        return port;
    }

    /** Waits (polling, 90 s at most) until the replica reports ready. */
    void awaitReady() {
        Await.until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited; see " + log);
            }
            return ready();
        }, Duration.ofSeconds(90), name + " ready (log: " + log + ")");
    }

    private boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
