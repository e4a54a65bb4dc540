package dev.tally.wallet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.Money;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * What the unary benchmarks share: the service runs in this JVM ({@code @QuarkusTest}), the load
 * comes from a {@link LoadClient} in its own JVM, so this process's CPU time during the measured
 * window is the service's (the benchmark thread only waits). PostgreSQL's CPU time is read from its
 * processes (the embedded server's postmaster and its children), the client's from its process.
 * With {@code -Dbench.jfr=true} the measured window is also recorded by JFR
 * ({@code target/<name>.jfr}) and its hottest frames are summarised ({@link HotFrames}).
 * <p>
 * The warm-up lasts at least {@code bench.warmup.seconds} and until the JIT compiler has settled
 * (less than 2% of the time spent compiling in two 10-s periods in a row; on a busy 2-core machine
 * that can take minutes), at most {@code bench.warmup.max.seconds}; the report gives the compile
 * time that still fell in the measured window. JFR ({@code bench.jfr}) makes the JIT compile
 * again when the recording starts: measure CPU per call without it, profile with it.
 * <p>
 * Options (system properties): bench.customers (1000), bench.seconds (30), bench.warmup.seconds
 * (20), bench.warmup.max.seconds (600), bench.channels (4), bench.jfr (false).
 */
final class LoadBenchmark {

    static final String CUSTOMER_PREFIX = "ub-";
    private static final Pattern RESULT = Pattern.compile(
            "RESULT calls=(\\d+) errors=(\\d+) seconds=([0-9.]+) p50us=(\\d+) p99us=(\\d+) p999us=(\\d+) maxus=(\\d+)");

    final int customers = Integer.getInteger("bench.customers", 1000);
    final int seconds = Integer.getInteger("bench.seconds", 30);
    final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 20);
    final int warmupMaxSeconds = Integer.getInteger("bench.warmup.max.seconds", 600);
    final int channels = Integer.getInteger("bench.channels", 4);
    final boolean jfr = Boolean.getBoolean("bench.jfr");
    private final int port;

    LoadBenchmark(int port) {
        this.port = port;
    }

    /** Every customer of the run with a pack large enough for any run. */
    void createCustomers() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port)
                .usePlaintext()
                .build();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < customers; i++) {
                ids.add(LoadClient.customer(CUSTOMER_PREFIX, i));
            }
            grantPacks(channel, ids);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        TestDatabase.get().executeIn(dev.tally.testing.PostgresResource.currentDatabase(), "VACUUM ANALYZE");
    }

    /** Gives each customer a pack large enough for any run (32 calls in flight). */
    static void grantPacks(ManagedChannel channel, List<String> customerIds) throws Exception {
        WalletServiceGrpc.WalletServiceFutureStub wallet = WalletServiceGrpc.newFutureStub(channel);
        Semaphore inFlight = new Semaphore(32);
        List<Future<?>> calls = new ArrayList<>();
        for (String customerId : customerIds) {
            inFlight.acquire();
            var call = wallet.grantCredits(GrantCreditsRequest.newBuilder()
                    .setCustomerId(customerId)
                    .setAmount(Money.newBuilder().setAmount("1000000000000").setCurrencyCode("CREDITS"))
                    .setSource(GrantSource.GRANT_SOURCE_PACK)
                    .setIdempotencyKey("bench-grant")
                    .build());
            call.addListener(inFlight::release, Runnable::run);
            calls.add(call);
        }
        for (Future<?> call : calls) {
            call.get(1, TimeUnit.MINUTES);
        }
    }

    /** Runs a {@link LoadClient} in {@code mode} with {@code concurrency} calls in flight and measures the window. */
    Result run(String name, String mode, int concurrency) throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                LoadClient.class.getName(),
                String.valueOf(port),
                mode,
                String.valueOf(customers),
                String.valueOf(concurrency),
                String.valueOf(channels),
                String.valueOf(seconds),
                CUSTOMER_PREFIX);
        Process client = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread warmup = new Thread(() -> startWhenCompiled(client), "bench-warmup");
        warmup.setDaemon(true);
        warmup.start();
        Cpu before = null;
        Cpu after = null;
        Recording recording = null;
        String result = null;
        long jitBefore = 0;
        long jitMillis = 0;
        String loadBefore = loadAverage();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("MEASURING")) {
                    if (jfr) {
                        recording = new Recording(Configuration.getConfiguration("default"));
                        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
                        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
                        recording.start();
                    }
                    before = Cpu.now(client);
                    jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                } else if (line.equals("MEASURED")) {
                    after = Cpu.now(client);
                    jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
                    if (recording != null) {
                        recording.stop();
                    }
                } else if (line.startsWith("RESULT")) {
                    result = line;
                } else {
                    System.out.println("client: " + line);
                }
            }
        }
        assertThat(client.waitFor()).as("load client exit code").isZero();
        assertThat(result).as("load client result").isNotNull();
        Matcher m = RESULT.matcher(result);
        assertThat(m.matches()).as(result).isTrue();
        long calls = Long.parseLong(m.group(1));
        assertThat(Long.parseLong(m.group(2))).as("failed calls").isZero();
        String hot = "";
        if (recording != null) {
            Path file = Path.of("target", name + ".jfr");
            recording.dump(file);
            recording.close();
            hot = HotFrames.summary(file, 25);
        }
        return new Result(
                name,
                calls,
                Double.parseDouble(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)),
                after.minus(before),
                jitMillis,
                loadBefore,
                loadAverage(),
                hot);
    }

    /**
     * Tells the client to start measuring once the warm-up has lasted {@link #warmupSeconds} and
     * the JIT compiler spent less than 2% of each of the last two 10-s periods compiling (or after
     * {@link #warmupMaxSeconds}).
     */
    private void startWhenCompiled(Process client) {
        long start = System.nanoTime();
        long compiled = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        int quiet = 0;
        try {
            while (true) {
                Thread.sleep(10_000);
                long now = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                quiet = now - compiled < 200 ? quiet + 1 : 0;
                System.out.printf(
                        Locale.ROOT, "warm-up: %d s, JIT compiled %d ms in the last 10 s%n", elapsed, now - compiled);
                if (quiet >= 2 && elapsed >= warmupSeconds || elapsed >= warmupMaxSeconds) {
                    break;
                }
                compiled = now;
            }
            client.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
        } catch (InterruptedException | IOException e) {
            client.destroy();
        }
    }

    /**
     * One benchmark: creates the customers, keeps {@code bench.concurrency} (else
     * {@code defaultConcurrency}) calls of {@code mode} in flight, and reports to {@code target/<name>-benchmark.txt}.
     */
    static void measure(int port, String title, String name, String mode, int defaultConcurrency) throws Exception {
        int concurrency = Integer.getInteger("bench.concurrency", defaultConcurrency);
        LoadBenchmark bench = new LoadBenchmark(port);
        bench.createCustomers();
        Result result = bench.run(name, mode, concurrency);
        report(
                name + "-benchmark.txt",
                String.format(
                        Locale.ROOT,
                        "%s benchmark: %d calls in flight, %d customers, %d s (after a warm-up of at least %d s, until the JIT"
                                + " settled), %d connections",
                        title,
                        concurrency,
                        bench.customers,
                        bench.seconds,
                        bench.warmupSeconds,
                        bench.channels),
                List.of(result));
    }

    static void report(String file, String title, List<Result> results) throws IOException {
        StringBuilder report = new StringBuilder(title).append('\n');
        results.forEach(r -> report.append(r.lines()));
        System.out.println(report);
        Files.writeString(Path.of("target", file), report.toString());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * CPU time used so far, in ns: by this JVM (the service), by its Java threads (the service's
     * own work: event loops, workers; the rest of the process time is the JIT compiler, the garbage
     * collector and the VM), by PostgreSQL's processes and by the load client.
     */
    record Cpu(long service, long serviceThreads, long database, long client) {

        static Cpu now(Process client) {
            long service = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long threadTime = 0;
            for (long id : threads.getAllThreadIds()) {
                threadTime += Math.max(0, threads.getThreadCpuTime(id));
            }
            return new Cpu(service, threadTime, Postgres.cpuNanos(), cpu(client.toHandle()));
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(
                    service - earlier.service,
                    serviceThreads - earlier.serviceThreads,
                    database < 0 || earlier.database < 0 ? -1 : database - earlier.database,
                    client - earlier.client);
        }

        private static long cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }

    /** The embedded PostgreSQL's processes: the postmaster (from its pid file) and its children. */
    static final class Postgres {

        private static ProcessHandle postmaster;

        static synchronized long cpuNanos() {
            if (postmaster == null) {
                postmaster = find();
            }
            if (postmaster == null) {
                return -1;
            }
            long total = Cpu.cpu(postmaster);
            for (ProcessHandle child : (Iterable<ProcessHandle>) postmaster.descendants()::iterator) {
                total += Cpu.cpu(child);
            }
            return total;
        }

        private static ProcessHandle find() {
            if (!TestDatabase.get().isEmbedded()) {
                return null;
            }
            try (Connection c = TestDatabase.get().connect("postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW data_directory")) {
                rs.next();
                String pid = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid"))
                        .get(0)
                        .trim();
                return ProcessHandle.of(Long.parseLong(pid)).orElse(null);
            } catch (SQLException | IOException | RuntimeException e) {
                System.out.println("PostgreSQL CPU not measured: " + e.getMessage());
                return null;
            }
        }
    }

    /** One measured window. */
    record Result(
            String name,
            long calls,
            double seconds,
            long p50Micros,
            long p99Micros,
            long p999Micros,
            Cpu cpu,
            long jitMillis,
            String loadBefore,
            String loadAfter,
            String hotFrames) {

        double callsPerSecond() {
            return calls / seconds;
        }

        /** Service CPU per call in ms. */
        double serviceMillisPerCall() {
            return cpu.service() / 1e6 / calls;
        }

        String lines() {
            return String.format(
                    Locale.ROOT,
                    """
                            %s
                              %,.0f calls/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (%,d calls in %.1f s)
                              CPU per call: service %.3f ms (%.2f cores; its Java threads %.3f ms), PostgreSQL %s, load client %.3f ms
                              JIT compilation in the window %d ms; load average %s -> %s
                            %s""",
                    name,
                    callsPerSecond(),
                    p50Micros / 1000.0,
                    p99Micros / 1000.0,
                    p999Micros / 1000.0,
                    calls,
                    seconds,
                    serviceMillisPerCall(),
                    cpu.service() / 1e9 / seconds,
                    cpu.serviceThreads() / 1e6 / calls,
                    cpu.database() < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f ms", cpu.database() / 1e6 / calls),
                    cpu.client() / 1e6 / calls,
                    jitMillis,
                    loadBefore,
                    loadAfter,
                    hotFrames);
        }
    }
}
