package dev.tally.catalog.bench;

import dev.tally.catalog.app.PriceTable;
import dev.tally.pricing.lookup.CatalogSnapshot;
import dev.tally.pricing.Quote;
import dev.tally.pricing.TokenCounts;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.grpc.CatalogGrpcService;
import dev.tally.catalog.support.BundledPrices;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.support.PriceSourceServer;
import dev.tally.catalog.client.SourceFormats;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Performance of the catalog on this machine: a benchmark to run and read, not a timed test (its
 * name keeps it out of the default test run). Run it with
 * {@code ./mvnw -B verify -pl catalog-service -am -Dtest=CatalogBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 * Aims (issue 3): 1M quotes/s in-process, QuoteCost p99 ≤ 2 ms over gRPC, full sync ≤ 5 s.
 */
@QuarkusTest
class CatalogBenchmark extends CatalogGrpcTest {

    private static final List<String> MODELS = List.of("claude-sonnet-4-5-20250929", "gpt-4o", "gpt-4o-mini",
            "gemini/gemini-2.5-pro", "deepseek/deepseek-chat", "anthropic/claude-sonnet-4.6", "claude-sonnet-4.5",
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
            new TokenCounts(20_000, 2_000, 80_000, 0, 0, 300, true)};

    @Inject
    PriceTable table;

    @Inject
    @GrpcService
    CatalogGrpcService service;

    @Test
    void benchmark() {
        StringBuilder report = new StringBuilder("\n==== catalog benchmark (").append(Runtime.getRuntime().availableProcessors())
                .append(" cpus, load average ").append(String.format(Locale.ROOT, "%.1f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())).append(") ====\n");
        inProcessQuotes(report);
        grpcQuotes(report);
        syncs(report);
        System.out.println(report.append("=================================\n"));
    }

    private void inProcessQuotes(StringBuilder report) {
        CatalogSnapshot snapshot = table.current();
        Instant now = Instant.now();
        // warm-up, then 5 rounds of 1 s; each quote resolves the id, picks the version and tier, prices exactly
        long checksum = 0;
        for (int i = 0; i < 3_000_000; i++) {
            checksum += quoteOnce(snapshot, i, now).lines().size();
        }
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long count = 0;
            long start = System.nanoTime();
            long end = start + 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1_000; i++) {
                    checksum += quoteOnce(snapshot, (int) count + i, now).total().signum();
                }
                count += 1_000;
            }
            best = Math.max(best, count / ((System.nanoTime() - start) / 1e9));
        }
        assertThat(checksum).isPositive();
        report.append(String.format(Locale.ROOT, "in-process quotes, 1 thread:  %,.0f quotes/s (best of 5 × 1 s)%n", best));
    }

    private static Quote quoteOnce(CatalogSnapshot snapshot, int i, Instant now) {
        return snapshot.quote(MODELS.get(i & 7), MIXES[(i & 3) + ((i & 16) >> 2)], now);
    }

    private void grpcQuotes(StringBuilder report) {
        QuoteCostRequest[] requests = MODELS.stream().map(m -> QuoteCostRequest.newBuilder().setModel(m)
                .setTokens(dev.tally.common.v1.TokenCounts.newBuilder().setInputTokens(2_000).setOutputTokens(1_500)
                        .setCacheReadTokens(50_000)).build()).toArray(QuoteCostRequest[]::new);
        // the handler alone (validation, quote, response message), without transport
        for (int i = 0; i < 200_000; i++) {
            service.quoteCost(requests[i % requests.length]).await().indefinitely();
        }
        long[] handler = new long[200_000];
        for (int i = 0; i < handler.length; i++) {
            long t0 = System.nanoTime();
            service.quoteCost(requests[i % requests.length]).await().indefinitely().getSerializedSize();
            handler[i] = System.nanoTime() - t0;
        }
        Arrays.sort(handler);
        report.append(String.format(Locale.ROOT, "QuoteCost handler without transport: p50 %.1f µs, p99 %.1f µs%n",
                handler[handler.length / 2] / 1e3, handler[handler.length * 99 / 100] / 1e3));
        for (int i = 0; i < 10_000; i++) {
            catalog.quoteCost(requests[i % requests.length]);
        }
        int n = 20_000;
        long[] nanos = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            catalog.quoteCost(requests[i % requests.length]);
            nanos[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        report.append(String.format(Locale.ROOT, "QuoteCost over gRPC, 1 client: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, %,.0f calls/s (%,d calls)%n",
                nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6, nanos[n * 999 / 1000] / 1e6, n / seconds, n));
    }

    private void syncs(StringBuilder report) {
        byte[] bundled = BundledPrices.bytes(BundledPrices.LITELLM_RESOURCE);
        long t0 = System.nanoTime();
        int parsed = SourceFormats.parse(SourceFormat.LITELLM, bundled).models().size();
        report.append(String.format(Locale.ROOT, "parse the bundled file (%,d bytes, %,d models): %.0f ms%n",
                bundled.length, parsed, (System.nanoTime() - t0) / 1e6));
        long seedMillis = query("SELECT (extract(epoch FROM finished_at - started_at) * 1000)::bigint FROM sync_run "
                + "WHERE trigger = 'SEED'");
        report.append(String.format(Locale.ROOT, "full sync into the empty catalog (startup seed: read, parse, diff, insert %,d models): %d ms%n",
                parsed, seedMillis));
        report.append(String.format(Locale.ROOT, "full sync, nothing changed (SyncNow over HTTP): %.0f ms%n", timedSync()));
        // every price 0.5% higher: a new version for every model
        PriceSourceServer.liteLlm(new PriceSourceServer.Body(everyInputPriceRaised(bundled)));
        double allChanged = timedSync();
        PriceSourceServer.reset();
        double restored = timedSync();
        report.append(String.format(Locale.ROOT, "full sync, every model repriced (new versions for all): %.0f ms, and back: %.0f ms%n",
                allChanged, restored));
    }

    private double timedSync() {
        long t0 = System.nanoTime();
        SyncReport r = catalog.syncNow(SyncNowRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString()).build())
                .getReport();
        double millis = (System.nanoTime() - t0) / 1e6;
        assertThat(r.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        return millis;
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
