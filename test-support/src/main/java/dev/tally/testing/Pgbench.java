package dev.tally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the benchmarks find PostgreSQL's {@code pgbench}, to put the database-only limit beside a service's. */
public final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final List<String> command;
    private final String database;
    private final String password;

    private Pgbench(List<String> command, String database, String password) {
        this.command = command;
        this.database = database;
        this.password = password;
    }

    /**
     * pgbench running {@code script} (prepared statements, no vacuum) with {@code clients} clients on
     * {@code threads} threads against {@code database} of the server at {@code reactiveUrl} (a
     * {@code postgresql://host:port/...} URL), each {@code variables} entry given as {@code -D name=value}.
     */
    public static Pgbench of(
            Path script,
            String reactiveUrl,
            String user,
            String password,
            String database,
            int clients,
            int threads,
            Map<String, String> variables) {
        URI server = URI.create(reactiveUrl);
        List<String> command = new ArrayList<>(List.of(
                path(),
                "-n",
                "-M",
                "prepared",
                "-h",
                server.getHost(),
                "-p",
                String.valueOf(server.getPort()),
                "-U",
                user,
                "-c",
                String.valueOf(clients),
                "-j",
                String.valueOf(threads)));
        variables.forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
        command.addAll(List.of("-f", script.toString()));
        return new Pgbench(List.copyOf(command), database, password);
    }

    /**
     * Runs the script for {@code seconds} and returns the transactions per second (without the
     * initial connection time); fails when pgbench fails or reports a failed transaction.
     */
    public double tps(int seconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-T", String.valueOf(seconds), database));
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !output.contains("number of failed transactions: 0")) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench reported no tps:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    /**
     * The system property {@code bench.pgbench}, else the newest {@code /usr/lib/postgresql/<v>/bin/pgbench}
     * (Debian's layout), else {@code pgbench} on the PATH.
     */
    public static String path() {
        String configured = System.getProperty("bench.pgbench");
        if (configured != null) {
            return configured;
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (var found = Files.list(versions)) {
                return found.map(v -> v.resolve("bin/pgbench"))
                        .filter(Files::isExecutable)
                        .max(Path::compareTo)
                        .map(Path::toString)
                        .orElse("pgbench");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "pgbench";
    }
}
