package dev.tally.catalog.bench;

import dev.tally.catalog.client.SourceFormats;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.support.BundledPrices;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.pricing.Quote;
import dev.tally.pricing.TokenCounts;
import dev.tally.pricing.lookup.CatalogSnapshot;
import dev.tally.testing.JmhBenchmarks;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * What the catalog costs on this machine, measured with JMH: a quote in process (id resolution,
 * version by time, tier, exact arithmetic), parsing the bundled LiteLLM file, QuoteCost over gRPC
 * (latency percentiles, one client, sequential), and a whole sync through SyncNow with nothing
 * changed and with every model repriced. The gRPC and sync benchmarks run against the packaged
 * service as its own process on the embedded test PostgreSQL, with the price source served
 * locally; so it runs after {@code package}, like the ITs, and never in a build: neither surefire
 * nor failsafe includes this name by default. The command is in the catalog README ("Benchmark");
 * {@code -Djmh.args="..."} passes JMH options, e.g. {@code "-wi 1 -i 2 quoteInProcess"}.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CatalogBenchmark {

    private static final List<String> MODELS = List.of(
            "claude-sonnet-4-5-20250929",
            "gpt-4o",
            "gpt-4o-mini",
            "gemini/gemini-2.5-pro",
            "deepseek/deepseek-chat",
            "anthropic/claude-sonnet-4.6",
            "claude-sonnet-4.5",
            "openrouter/openai/gpt-4o-mini");
    /** Four token mixes, regular (0-3) and as batch requests (4-7). */
    private static final TokenCounts[] MIXES = {
        new TokenCounts(2_000, 1_500, 50_000, 10_000, 0, 0),
        new TokenCounts(150_000, 5_000, 100_000, 0, 0, 0),
        new TokenCounts(210, 567, 1_024, 0, 0, 0),
        new TokenCounts(20_000, 2_000, 80_000, 0, 0, 300),
        new TokenCounts(2_000, 1_500, 50_000, 10_000, 0, 0, true),
        new TokenCounts(150_000, 5_000, 100_000, 0, 0, 0, true),
        new TokenCounts(210, 567, 1_024, 0, 0, 0, true),
        new TokenCounts(20_000, 2_000, 80_000, 0, 0, 300, true)
    };

    /** Runs every benchmark of this class (the JUnit entry the build tools know how to start). */
    @Test
    void run() throws RunnerException, CommandLineOptionException {
        JmhBenchmarks.run(CatalogBenchmark.class);
    }

    /** The bundled LiteLLM file, and the catalog the price table makes of it. */
    @State(Scope.Benchmark)
    public static class Catalog {
        byte[] bundled;
        CatalogSnapshot snapshot;
        Instant at;

        @Setup
        public void load() {
            bundled = BundledPrices.bytes(BundledPrices.LITELLM_RESOURCE);
            snapshot = BundledPrices.snapshot();
            at = BundledPrices.SINCE.plus(Duration.ofDays(1));
        }
    }

    /** Which model and token mix comes next, per thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Quote quoteInProcess(Catalog catalog, Cursor cursor) {
        int i = cursor.next++;
        return catalog.snapshot.quote(MODELS.get(i & 7), MIXES[(i & 3) + ((i & 16) >> 2)], catalog.at);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ParsedSource parseBundledFile(Catalog catalog) {
        return SourceFormats.parse(SourceFormat.LITELLM, catalog.bundled);
    }

    /**
     * The packaged catalog-service on a fresh database of the test PostgreSQL (seeded from the
     * bundled snapshot before the first call), reading LiteLLM prices from a local source server.
     */
    @State(Scope.Benchmark)
    public static class Service {
        private final PriceSourceServer source = new PriceSourceServer();
        private String database;
        private ServiceProcess process;
        private ManagedChannel channel;
        CatalogServiceGrpc.CatalogServiceBlockingStub catalog;
        QuoteCostRequest[] quotes;

        @Setup(Level.Trial)
        public void start() {
            TestDatabase pg = TestDatabase.get();
            database = pg.createDatabase("catalog_bench");
            Map<String, String> env = new HashMap<>(Replicas.databaseEnv(pg, database));
            env.put("TALLY_CATALOG_SYNC_CRON", "off");
            env.put("TALLY_CATALOG_SYNC_LITELLM_URL", source.start().get("tally.catalog.sync.litellm-url"));
            process = Replicas.launch(TallyService.CATALOG, "catalog-benchmark", env);
            process.awaitReady(Duration.ofSeconds(120));
            channel = ManagedChannelBuilder.forAddress("localhost", process.port())
                    .usePlaintext()
                    .build();
            catalog = CatalogServiceGrpc.newBlockingStub(channel);
            quotes = MODELS.stream()
                    .map(m -> QuoteCostRequest.newBuilder()
                            .setModel(m)
                            .setTokens(dev.tally.common.v1.TokenCounts.newBuilder()
                                    .setInputTokens(2_000)
                                    .setOutputTokens(1_500)
                                    .setCacheReadTokens(50_000))
                            .build())
                    .toArray(QuoteCostRequest[]::new);
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            try {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                process.close();
            } finally {
                source.stop();
                TestDatabase.get().dropDatabase(database);
            }
        }

        SyncReport syncNow() {
            SyncReport report = catalog.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .syncNow(SyncNowRequest.newBuilder()
                            .setIdempotencyKey(UUID.randomUUID().toString())
                            .build())
                    .getReport();
            if (report.getState() != SyncState.SYNC_STATE_SUCCEEDED) {
                throw new IllegalStateException("the sync did not succeed: " + report);
            }
            return report;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public QuoteCostResponse quoteCostOverGrpc(Service service, Cursor cursor) {
        return service.catalog
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .quoteCost(service.quotes[Math.floorMod(cursor.next++, service.quotes.length)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 4)
    public SyncReport fullSyncNothingChanged(Service service) {
        return service.syncNow();
    }

    /** The bundled file and a copy with every input price 0.5% higher, served in turn. */
    @State(Scope.Benchmark)
    public static class Repricing {
        private byte[] raised;
        private boolean next = true;

        @Setup(Level.Trial)
        public void prepare() {
            raised = everyInputPriceRaised(BundledPrices.bytes(BundledPrices.LITELLM_RESOURCE));
        }

        /** Before each sync: the other file, so each sync writes a new version of every model. */
        @Setup(Level.Invocation)
        public void flip() {
            if (next) {
                PriceSourceServer.liteLlm(new PriceSourceServer.Body(raised));
            } else {
                PriceSourceServer.reset();
            }
            next = !next;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 4)
    public SyncReport fullSyncEveryModelRepriced(Service service, Repricing repricing) {
        return service.syncNow();
    }

    /** The file with every "input_cost_per_token" value × 1.005, written exactly. */
    private static byte[] everyInputPriceRaised(byte[] bundled) {
        String text = new String(bundled, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\"input_cost_per_token\": )([0-9.eE+-]+)").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            BigDecimal raised = new BigDecimal(m.group(2)).multiply(new BigDecimal("1.005"));
            m.appendReplacement(out, m.group(1) + raised.toPlainString());
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
