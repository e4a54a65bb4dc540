package dev.tally.wallet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.Money;
import dev.tally.testing.Pgbench;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * DebitBatch throughput: a benchmark, not a test (surefire's default includes skip
 * this name). It measures debits/s through gRPC on one hot wallet and spread over 10,000 wallets,
 * then runs pgbench with {@code bench/debit-batch.pgbench.sql} (the same SQL work, done directly)
 * against the same database, and prints both and their ratio (also to
 * {@code target/wallet-benchmark.txt}).
 * <pre>
 * ./mvnw -B verify -pl wallet-service -am -Dtest=WalletBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Options (system properties): bench.seconds (20), bench.warmup.seconds (5), bench.clients (4),
 * bench.batch (1000), bench.wallets (10000), bench.pgbench (path of pgbench; default: the newest
 * /usr/lib/postgresql/N/bin/pgbench, else pgbench on the PATH).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
class WalletBenchmark {

    private static final String HOT = "bench-hot";
    private static final Money DEBIT =
            Money.newBuilder().setAmount("0.0004485").setCurrencyCode("CREDITS").build();

    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 5);
    private final int clients = Integer.getInteger("bench.clients", 4);
    private final int batch = Integer.getInteger("bench.batch", 1000);
    private final int wallets = Integer.getInteger("bench.wallets", 10_000);

    @TestHTTPResource("/")
    URL serviceUrl;

    @Test
    void debitBatchThroughput() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        try {
            WalletServiceGrpc.WalletServiceBlockingStub wallet = WalletServiceGrpc.newBlockingStub(channel);
            createWallets(channel);
            int responseBytes = wallet.debitBatch(DebitBatchRequest.newBuilder()
                            .addDebits(debit(HOT, "bench-probe"))
                            .build())
                    .getResults(0)
                    .getDebit()
                    .getSerializedSize();

            Result grpcHot = grpc(wallet, "gRPC DebitBatch, one hot wallet", i -> HOT);
            Result pgbenchHot = pgbench("pgbench, same SQL, one hot wallet", 1, responseBytes);
            Random random = new Random();
            Result grpcSpread = grpc(
                    wallet, "gRPC DebitBatch, " + wallets + " wallets", i -> spreadCustomer(random.nextInt(wallets)));
            Result pgbenchSpread = pgbench("pgbench, same SQL, " + wallets + " wallets", wallets, responseBytes);

            String report = String.join(
                    "\n",
                    "DebitBatch benchmark: batches of %d debits, %d clients, %d s (after %d s warm-up)"
                            .formatted(batch, clients, seconds, warmupSeconds),
                    grpcHot.line(),
                    pgbenchHot.line(),
                    "  one hot wallet: gRPC / pgbench = %.2f"
                            .formatted(grpcHot.debitsPerSecond / pgbenchHot.debitsPerSecond),
                    grpcSpread.line(),
                    pgbenchSpread.line(),
                    "  %d wallets: gRPC / pgbench = %.2f"
                            .formatted(wallets, grpcSpread.debitsPerSecond / pgbenchSpread.debitsPerSecond),
                    "");
            System.out.println(report);
            Files.writeString(Path.of("target", "wallet-benchmark.txt"), report);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The hot wallet and {@code wallets} others, each with a pack large enough for the whole run. */
    private void createWallets(ManagedChannel channel) throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = -1; i < wallets; i++) {
            customers.add(i < 0 ? HOT : spreadCustomer(i));
        }
        LoadBenchmark.grantPacks(channel, customers);
    }

    /** {@code clients} threads sending batches back to back: warm-up, then the measured run. */
    private Result grpc(WalletServiceGrpc.WalletServiceBlockingStub wallet, String name, IntFunction<String> customer)
            throws Exception {
        analyze();
        runClients(wallet, customer, warmupSeconds);
        long start = System.nanoTime();
        long debits = runClients(wallet, customer, seconds);
        return new Result(name, debits / ((System.nanoTime() - start) / 1e9));
    }

    private long runClients(
            WalletServiceGrpc.WalletServiceBlockingStub wallet, IntFunction<String> customer, int runSeconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(runSeconds);
        AtomicLong applied = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String prefix = "bench-" + System.nanoTime() + "-" + c + "-";
                running.add(threads.submit(() -> {
                    for (long n = 0; System.nanoTime() < deadline; n++) {
                        DebitBatchRequest.Builder request = DebitBatchRequest.newBuilder();
                        for (int i = 0; i < batch; i++) {
                            request.addDebits(debit(customer.apply(i), prefix + n + "-" + i));
                        }
                        DebitBatchResponse response = wallet.debitBatch(request.build());
                        for (DebitBatchResult result : response.getResultsList()) {
                            assertThat(result.hasDebit()).as("%s", result).isTrue();
                        }
                        applied.addAndGet(response.getResultsCount());
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return applied.get();
    }

    /** Runs bench/debit-batch.pgbench.sql with pgbench against the service's database. */
    private Result pgbench(String name, int walletCount, int responseBytes) throws Exception {
        TestDatabase db = TestDatabase.get();
        String database = PostgresResource.currentDatabase();
        Path work = Files.createDirectories(Path.of("target", "bench"));
        Path script = work.resolve("debit-batch.pgbench.sql");
        Files.writeString(script, resource("bench/debit-batch.pgbench.sql"));
        db.executeIn(database, resource("bench/bench-items.sql"));
        Pgbench pgbench = Pgbench.of(
                script,
                db.reactiveUrl(database),
                db.user(),
                db.password(),
                database,
                clients,
                Math.min(clients, 2),
                Map.of(
                        "batch", String.valueOf(batch),
                        "wallets", String.valueOf(walletCount),
                        "response_bytes", String.valueOf(responseBytes)));
        analyze();
        pgbench.tps(warmupSeconds);
        return new Result(name, pgbench.tps(seconds) * batch);
    }

    /**
     * Fresh statistics before each phase, as autovacuum keeps them in a running system (like
     * pgbench -i does): the previous phase grew the tables by hundreds of thousands of rows.
     */
    private static void analyze() {
        TestDatabase.get().executeIn(PostgresResource.currentDatabase(), "VACUUM ANALYZE");
    }

    private static DebitRequest debit(String customer, String key) {
        return DebitRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(DEBIT)
                .setIdempotencyKey(key)
                .setReference("evt-" + key)
                .build();
    }

    private static String spreadCustomer(int n) {
        return String.format(Locale.ROOT, "bench-%05d", n);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WalletBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Result(String name, double debitsPerSecond) {
        String line() {
            return "  %-45s %,10.0f debits/s".formatted(name, debitsPerSecond);
        }
    }
}
