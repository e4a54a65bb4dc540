package dev.tally.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own JVM process from its packaged jar, configured only through
 * environment variables (as a platform team would), with its output in a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Instant startedAt;
    private final List<String> command;
    private final Map<String, String> env;

    private ServiceProcess(
            String name,
            int port,
            Process process,
            Path log,
            Instant startedAt,
            List<String> command,
            Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.startedAt = startedAt;
        this.command = command;
        this.env = env;
    }

    /**
     * Starts {@code java -jar jar} with the given environment added to this process's own;
     * {@code QUARKUS_HTTP_PORT} is set to {@code port}; logs are plain text unless the environment
     * sets {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED}.
     */
    public static ServiceProcess start(
            String name, Path jar, int port, Map<String, String> env, List<String> jvmOptions, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return launch(
                name,
                port,
                List.copyOf(command),
                Map.copyOf(env),
                logFile,
                ProcessBuilder.Redirect.to(logFile.toFile()));
    }

    /**
     * Starts the same service again (same command, port and environment), its output appended to
     * the same log: after {@link #kill()}, as a supervisor restarts a crashed process. Call
     * {@link #awaitReady} on the result.
     */
    public ServiceProcess restart() {
        return restart(Map.of());
    }

    /**
     * Starts the same service again as {@link #restart()} does, with {@code changes} added to (or
     * replacing entries of) its environment: e.g. a test that starts it again with its clock moved on.
     */
    public ServiceProcess restart(Map<String, String> changes) {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        Map<String, String> changed = new HashMap<>(env);
        changed.putAll(changes);
        return launch(name, port, command, Map.copyOf(changed), log, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static ServiceProcess launch(
            String name,
            int port,
            List<String> command,
            Map<String, String> env,
            Path logFile,
            ProcessBuilder.Redirect output) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
            builder.environment().putAll(env);
            // production profile logs JSON lines; a local log file is read by people
            builder.environment().putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ServiceProcess(name, port, builder.start(), logFile, Instant.now(), command, env);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until /q/health/ready answers 200; fails early if the process dies. Returns the wait. */
    public Duration awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.between(startedAt, Instant.now());
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** Resident set size of the process in KiB (Linux), or -1 if unknown. */
    public long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (Quarkus begins its graceful shutdown) and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /**
     * Kills the process at once (SIGKILL, as a crash or {@code kill -9} would: no shutdown hooks, no
     * graceful shutdown) and waits for it to end.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it still runs. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down gracefully), then kills it after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
