package dev.tally.usage.it;

import dev.tally.common.v1.Money;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.testing.FreePorts;
import dev.tally.testing.PackagedService;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.InvoiceDouble;
import dev.tally.usage.support.Plans;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the ITs: the packaged usage-service and the real wallet-service as separate processes (each on
 * its own fresh database of the test PostgreSQL), with the catalog and invoice doubles in the test
 * JVM. Processes can be stopped, killed ({@code kill -9}) and started again on the same database
 * and port.
 */
public final class UsageSystem implements AutoCloseable {

    public static final TestDatabase PG = TestDatabase.get();

    public final String usageDatabase;
    public final String walletDatabase;
    public final int usagePort = FreePorts.next();
    public final int walletPort = FreePorts.next();
    private final Map<String, String> doubles;
    public ServiceProcess usage;
    public ServiceProcess wallet;
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private int starts;

    public UsageSystem(String name) {
        doubles = Doubles.startServers();
        usageDatabase = PG.createDatabase(name + "_usage");
        walletDatabase = PG.createDatabase(name + "_wallet");
    }

    public void startWallet() {
        startWallet(PackagedService.JVM_OPTIONS);
    }

    public void startWallet(List<String> jvmOptions) {
        startWallet(Map.of(), jvmOptions);
    }

    /**
     * Starts wallet-service with these settings added to its database settings (e.g.
     * {@link PackagedService#clockOffset}).
     */
    public void startWallet(Map<String, String> settings, List<String> jvmOptions) {
        Map<String, String> env = new HashMap<>(Replicas.databaseEnv(PG, walletDatabase));
        env.putAll(settings);
        wallet = ServiceProcess.start(
                "wallet-" + usageDatabase + "-" + (++starts),
                PackagedService.of(TallyService.WALLET).jar(),
                walletPort,
                env,
                jvmOptions,
                Path.of("target", "it-" + usageDatabase + "-wallet-" + starts + ".log")
                        .toAbsolutePath());
        wallet.awaitReady(Duration.ofSeconds(120));
    }

    public void startUsage() {
        startUsage(Map.of(), PackagedService.JVM_OPTIONS);
    }

    /** Starts usage-service with these settings added (they win over the ITs' quick outbox settings). */
    public void startUsage(Map<String, String> settings, List<String> jvmOptions) {
        usage = launchUsage(usagePort, settings, jvmOptions);
    }

    /** A second usage-service replica on the same database (and wallet), on its own port; closed with the system. */
    public ServiceProcess startUsageReplica() {
        ServiceProcess replica = launchUsage(FreePorts.next(), Map.of(), PackagedService.JVM_OPTIONS);
        replicas.add(replica);
        return replica;
    }

    private ServiceProcess launchUsage(int port, Map<String, String> settings, List<String> jvmOptions) {
        Map<String, String> env = new HashMap<>(Replicas.databaseEnv(PG, usageDatabase));
        env.put("QUARKUS_GRPC_CLIENTS_WALLET_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_WALLET_PORT", String.valueOf(walletPort));
        env.put("QUARKUS_GRPC_CLIENTS_CATALOG_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_CATALOG_PORT", doubles.get("quarkus.grpc.clients.catalog.port"));
        env.put("QUARKUS_GRPC_CLIENTS_INVOICE_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_INVOICE_PORT", doubles.get("quarkus.grpc.clients.invoice.port"));
        env.put("TALLY_USAGE_OUTBOX_POLL_INTERVAL", "500ms");
        env.put("TALLY_USAGE_OUTBOX_INITIAL_BACKOFF", "200ms");
        env.put("TALLY_USAGE_OUTBOX_MAX_BACKOFF", "2s");
        env.put("TALLY_USAGE_OUTBOX_LEASE", "5s");
        env.put("TALLY_USAGE_WALLET_DEADLINE", "2s");
        env.putAll(settings);
        ServiceProcess process = ServiceProcess.start(
                "usage-" + usageDatabase + "-" + (++starts),
                PackagedService.of(TallyService.USAGE).jar(),
                port,
                env,
                jvmOptions,
                Path.of("target", "it-" + usageDatabase + "-usage-" + starts + ".log")
                        .toAbsolutePath());
        process.awaitReady(Duration.ofSeconds(120));
        return process;
    }

    /**
     * A new customer on the CREDITS plan (invoice double) for a period around now, with a pack of
     * {@code credits} in the real wallet (which must be running).
     */
    public String creditsCustomer(String prefix, String credits) {
        String customer = prefix + System.nanoTime();
        Instant now = Instant.now();
        Doubles.INVOICE.subscribe(
                customer,
                new InvoiceDouble.PeriodTerms(
                        Plans.credits(),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(29)),
                        now.plus(Duration.ofDays(32)),
                        false));
        ManagedChannel toWallet = channel(walletPort);
        try {
            WalletServiceGrpc.newBlockingStub(toWallet)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .grantCredits(GrantCreditsRequest.newBuilder()
                            .setCustomerId(customer)
                            .setSource(GrantSource.GRANT_SOURCE_PACK)
                            .setAmount(Money.newBuilder().setAmount(credits).setCurrencyCode("CREDITS"))
                            .setIdempotencyKey("grant")
                            .build());
        } finally {
            toWallet.shutdownNow();
        }
        return customer;
    }

    public ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("localhost", port)
                .usePlaintext()
                .build();
    }

    public long usageSql(String sql) {
        return PG.queryLong(usageDatabase, sql);
    }

    public long walletSql(String sql) {
        return PG.queryLong(walletDatabase, sql);
    }

    @Override
    public void close() {
        try {
            replicas.forEach(ServiceProcess::close);
            if (usage != null) {
                usage.close();
            }
            if (wallet != null) {
                wallet.close();
            }
        } finally {
            PG.dropDatabase(usageDatabase);
            PG.dropDatabase(walletDatabase);
        }
    }
}
