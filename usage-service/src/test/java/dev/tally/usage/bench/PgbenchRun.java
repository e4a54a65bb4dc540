package dev.tally.usage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.Pgbench;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * pgbench with {@code bench/track-flush.pgbench.sql} (one usage-service flush of {@code batch} items,
 * done directly in SQL) against usage-service's database, as many clients as the service runs
 * flushes at once (tally.usage.flush.concurrency, 4); the stored sizes of the response, the event
 * detail and the debit request are taken from what the gRPC phases stored.
 */
final class PgbenchRun {

    private static final int CLIENTS = 4;

    private final TestDatabase db;
    private final String database;
    private final int batch;
    private final int seconds;
    private final int warmupSeconds;

    PgbenchRun(TestDatabase db, String database, int batch, int seconds, int warmupSeconds) {
        this.db = db;
        this.database = database;
        this.batch = batch;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
    }

    /** Events per second (transactions per second × batch) over {@code customers} customers. */
    double run(int customers) throws IOException, InterruptedException {
        Path work = Files.createDirectories(Path.of("target", "bench"));
        Path script = work.resolve("track-flush.pgbench.sql");
        Files.writeString(script, resource("bench/track-flush.pgbench.sql"));
        db.executeIn(database, resource("bench/bench-items.sql"));
        String sizes = "SELECT (SELECT avg(length(response))::int FROM idempotency_record) || ' '"
                + " || (SELECT avg(length(detail))::int FROM usage_event)";
        String[] measured = UsageBenchmark.text(database, sizes).split(" ");
        Pgbench pgbench = Pgbench.of(
                script,
                db.reactiveUrl(database),
                db.user(),
                db.password(),
                database,
                CLIENTS,
                2,
                Map.of(
                        "batch",
                        String.valueOf(batch),
                        "customers",
                        String.valueOf(customers),
                        "response_bytes",
                        measured[0],
                        "detail_bytes",
                        measured[1],
                        // a DebitRequest of a chat_tokens event (customer, amount, time, key, reference, description,
                        // metadata)
                        "request_bytes",
                        "190"));
        db.executeIn(database, "ANALYZE");
        pgbench.tps(warmupSeconds);
        return pgbench.tps(seconds) * batch;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PgbenchRun.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
