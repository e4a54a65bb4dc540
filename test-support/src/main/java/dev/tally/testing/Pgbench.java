package dev.tally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks find PostgreSQL's {@code pgbench}, to put the database-only limit beside a service's. */
public final class Pgbench {

    private Pgbench() {}

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
