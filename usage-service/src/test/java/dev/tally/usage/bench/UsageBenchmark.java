package dev.tally.usage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.common.v1.Money;
import dev.tally.usage.it.UsageSystem;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.InvoiceDouble;
import dev.tally.usage.support.Plans;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 8: the Track benchmark, not a test (neither surefire's nor failsafe's default includes
 * match this name). The packaged usage-service and the real wallet-service run as processes on the
 * embedded test PostgreSQL (as the ITs run them), the catalog and invoice doubles in this JVM (the
 * price table is streamed once; entitlements are cached after the first batch of each customer).
 * Open loop with HdrHistogram latencies (from each event's due time), in this order:
 * <ol>
 * <li>unary Track at {@code bench.unary.rate} (1,000) requests/s over 10,000 customers;</li>
 * <li>TrackBatch (1,000 events per call) and TrackStream ({@code bench.streams} streams), one hot
 * customer, offered {@code bench.hot.rate} (30,000) events/s;</li>
 * <li>the same over 10,000 customers, offered {@code bench.spread.rate} (15,000) events/s;</li>
 * <li>the reconciliation: events stored = distinct acknowledged keys, wallet DEBIT entries = stored
 * events with a non-zero charge (and their sum = the charges' sum), every event APPLIED or
 * NOT_REQUIRED, outbox empty;</li>
 * <li>pgbench with {@code bench/track-flush.pgbench.sql} (usage-service's own SQL of one flush of
 * 1,000 items, done directly) on the same database, hot and spread, and the ratio.</li>
 * </ol>
 * usage-service records a JFR profile; its top frames close the report. The report is printed and
 * written to {@code usage-service/target/usage-benchmark.txt}. Command (from the repository root):
 * <pre>
 * ./mvnw -B verify -pl usage-service -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=UsageBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * Options (system properties, {@code -D...}): bench.seconds (20), bench.warmup.seconds (5),
 * bench.customers (10000), bench.unary.rate (1000), bench.hot.rate (30000), bench.spread.rate
 * (15000), bench.streams (4), bench.batch (1000), bench.pgbench (path of pgbench), bench.jfr (true),
 * bench.wallet.deadline.seconds (30: usage-service's tally.usage.wallet.deadline for the run).
 */
class UsageBenchmark {

    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 5);
    private final int customers = Integer.getInteger("bench.customers", 10_000);
    private final int unaryRate = Integer.getInteger("bench.unary.rate", 1_000);
    private final int hotRate = Integer.getInteger("bench.hot.rate", 30_000);
    private final int spreadRate = Integer.getInteger("bench.spread.rate", 15_000);
    private final int streams = Integer.getInteger("bench.streams", 4);
    private final int batch = Integer.getInteger("bench.batch", 1_000);
    private final boolean jfr = Boolean.parseBoolean(System.getProperty("bench.jfr", "true"));
    private final int wallet = Integer.getInteger("bench.wallet.deadline.seconds", 30);
    private final Path recording = Path.of("target", "usage-benchmark.jfr").toAbsolutePath();
    private long acknowledged;

    @Test
    void trackThroughputLatencyAndReconciliation() throws Exception {
        List<String> report = new ArrayList<>();
        Reconciliation.Outcome reconciled;
        try (UsageSystem system = new UsageSystem("bench")) {
            system.startWallet(List.of("-Xmx768m"));
            subscribeAndFund(system);
            List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
            if (jfr) {
                Files.deleteIfExists(recording);
                jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
            }
            // the production defaults of the outbox (the ITs' quick settings are for tests); a wallet deadline
            // long enough for a DebitBatch of 1,000 on a loaded machine, so that the debits are measured in
            // real time, not left to the outbox
            system.startUsage(
                    Map.of(
                            "TALLY_USAGE_OUTBOX_POLL_INTERVAL",
                            "1s",
                            "TALLY_USAGE_OUTBOX_INITIAL_BACKOFF",
                            "1s",
                            "TALLY_USAGE_OUTBOX_MAX_BACKOFF",
                            "60s",
                            "TALLY_USAGE_OUTBOX_LEASE",
                            "30s",
                            "TALLY_USAGE_WALLET_DEADLINE",
                            wallet + "s"),
                    jvm);

            report.add("Track benchmark: %d s per phase after %d s warm-up; load average before: %s"
                    .formatted(seconds, warmupSeconds, loadAverage()));
            List<OpenLoop.Result> results = new ArrayList<>();
            LongFunction<String> spread = TrackSenders.spread(customers);
            results.add(phase(
                    system,
                    "unary",
                    "Track, " + customers + " customers",
                    (channel, p) -> TrackSenders.unary(channel, p, spread),
                    unaryRate,
                    1,
                    2_000));
            results.add(phase(
                    system,
                    "bhot",
                    "TrackBatch, one hot customer",
                    (channel, p) -> TrackSenders.batch(channel, p, TrackSenders.hot(), batch),
                    hotRate,
                    batch,
                    8));
            results.add(phase(
                    system,
                    "shot",
                    "TrackStream x" + streams + ", one hot customer",
                    (channel, p) -> TrackSenders.stream(channel, p, TrackSenders.hot(), streams),
                    hotRate,
                    1,
                    8 * batch));
            results.add(phase(
                    system,
                    "bspread",
                    "TrackBatch, " + customers + " customers",
                    (channel, p) -> TrackSenders.batch(channel, p, spread, batch),
                    spreadRate,
                    batch,
                    8));
            results.add(phase(
                    system,
                    "sspread",
                    "TrackStream x" + streams + ", " + customers + " customers",
                    (channel, p) -> TrackSenders.stream(channel, p, spread, streams),
                    spreadRate,
                    1,
                    8 * batch));
            results.forEach(r -> report.add(r.line()));
            report.add("  load average after the gRPC phases: " + loadAverage());

            reconciled = Reconciliation.check(system, acknowledged);
            report.addAll(reconciled.lines());

            PgbenchRun pgbench = new PgbenchRun(UsageSystem.PG, system.usageDatabase, batch, seconds, warmupSeconds);
            double hot = pgbench.run(1);
            double spreadSql = pgbench.run(customers);
            report.add("  %-48s %,9.0f events/s".formatted("pgbench, same SQL, one hot customer", hot));
            report.add(
                    "  %-48s %,9.0f events/s".formatted("pgbench, same SQL, " + customers + " customers", spreadSql));
            report.add("  one hot customer: TrackBatch / pgbench = %.2f, TrackStream / pgbench = %.2f"
                    .formatted(results.get(1).perSecond() / hot, results.get(2).perSecond() / hot));
            report.add("  %d customers: TrackBatch / pgbench = %.2f, TrackStream / pgbench = %.2f"
                    .formatted(
                            customers,
                            results.get(3).perSecond() / spreadSql,
                            results.get(4).perSecond() / spreadSql));
            report.add("  load average at the end: " + loadAverage());
            system.usage.close();
        }
        if (jfr && Files.isRegularFile(recording)) {
            report.addAll(Profile.topFrames(recording, 15));
        }
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target", "usage-benchmark.txt"), text);
        assertThat(reconciled.failures()).as("the reconciliation").isEmpty();
    }

    /**
     * A warm-up run (its own keys), then the measured run, each on a new connection (a server closes
     * connections older than its maximum connection age, streams included); waits for the outbox to
     * be empty after each.
     */
    private OpenLoop.Result phase(
            UsageSystem system,
            String key,
            String name,
            BiFunction<ManagedChannel, String, OpenLoop.Sender> sender,
            int rate,
            int unit,
            int window)
            throws InterruptedException {
        analyze(system);
        OpenLoop.Result warm = run(system, name + " (warm-up)", sender, key + "w", rate, unit, window, warmupSeconds);
        OpenLoop.Result measured = run(system, name, sender, key, rate, unit, window, seconds);
        acknowledged += warm.acknowledged() + measured.acknowledged();
        System.out.println(warm.line());
        System.out.println(measured.line());
        return measured;
    }

    private static OpenLoop.Result run(
            UsageSystem system,
            String name,
            BiFunction<ManagedChannel, String, OpenLoop.Sender> sender,
            String key,
            int rate,
            int unit,
            int window,
            int runSeconds)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", system.usagePort)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        try {
            return OpenLoop.run(name, sender.apply(channel, key), rate, unit, window, runSeconds, 300);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            settle(system);
        }
    }

    private static void settle(UsageSystem system) {
        await("the outbox to be empty")
                .atMost(Duration.ofMinutes(10))
                .until(() -> system.usageSql("SELECT count(*) FROM wallet_outbox") == 0);
    }

    /** Fresh statistics before each phase (the previous one added up to a million rows), as autovacuum would keep them. */
    private static void analyze(UsageSystem system) {
        UsageSystem.PG.executeIn(system.usageDatabase, "ANALYZE");
        UsageSystem.PG.executeIn(system.walletDatabase, "ANALYZE");
    }

    /** The customers on a CREDITS plan (invoice double), each with a pack of 10^12 credits in the wallet. */
    private void subscribeAndFund(UsageSystem system) throws Exception {
        Instant now = Instant.now();
        InvoiceDouble.PeriodTerms terms = new InvoiceDouble.PeriodTerms(
                Plans.credits(),
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(29)),
                now.plus(Duration.ofDays(32)),
                false);
        ManagedChannel channel = system.channel(system.walletPort);
        try {
            WalletServiceGrpc.WalletServiceFutureStub wallet = WalletServiceGrpc.newFutureStub(channel);
            Semaphore inFlight = new Semaphore(32);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = -1; i < customers; i++) {
                String customer = i < 0 ? TrackSenders.HOT : TrackSenders.spreadCustomer(i);
                Doubles.INVOICE.subscribe(customer, terms);
                inFlight.acquire();
                var call = wallet.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .grantCredits(GrantCreditsRequest.newBuilder()
                                .setCustomerId(customer)
                                .setSource(GrantSource.GRANT_SOURCE_PACK)
                                .setIdempotencyKey("bench-grant")
                                .setAmount(Money.newBuilder()
                                        .setAmount("1000000000000")
                                        .setCurrencyCode("CREDITS"))
                                .build());
                call.addListener(inFlight::release, Runnable::run);
                calls.add(call);
            }
            for (Future<?> call : calls) {
                call.get(1, TimeUnit.MINUTES);
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** One number from a database of the test PostgreSQL, as text (exact decimals). */
    static String text(String database, String sql) {
        try (Connection c = UsageSystem.PG.connect(database);
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
