package dev.tally.system;

import static org.awaitility.Awaitility.await;

import dev.tally.launcher.DatabaseServer;
import dev.tally.launcher.LauncherOptions;
import dev.tally.launcher.LocalKeys;
import dev.tally.launcher.LocalSystem;
import dev.tally.launcher.TallyService;
import dev.tally.testing.FreePorts;
import dev.tally.testing.PackagedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;

/**
 * The system every system-test class runs against, started once for all of them ({@link SharedSystem}):
 * an embedded PostgreSQL and two replicas of each of the four packaged services (8 processes,
 * started at once), configured only through environment variables, as an operator would:
 * <ul>
 *   <li>invoice-service: billing job every 500 ms, grace window {@link #GRACE}, and subscriptions
 *       may start up to 400 days back ({@code TALLY_INVOICE_MAX_START_BACKDATE}, the setting for
 *       bringing over subscriptions from another system), so a period can end seconds from now;</li>
 *   <li>catalog-service: no scheduled sync; its price source is the local {@link PriceSource};</li>
 *   <li>usage-service: outbox retries at most 2 s apart and a 5 s lease, so deliveries resume
 *       quickly after a wallet outage or a crash.</li>
 * </ul>
 * API keys are on, as {@code ./run-local} runs the services; {@link #adminKey} is the run's bootstrap
 * admin key (every scope).
 */
final class SystemUnderTest implements AutoCloseable {

    static final Path ROOT = PackagedService.projectRoot();
    static final Path LOGS = Path.of("target", "system-logs").toAbsolutePath();
    static final Duration GRACE = Duration.ofSeconds(8);
    static final int REPLICAS = 2;

    final LocalSystem system;
    final String adminKey;
    final SystemClients clients;
    final PriceSource prices;
    final Duration startup;
    private final Path work;

    private SystemUnderTest(LocalSystem system, String adminKey, PriceSource prices, Duration startup, Path work) {
        this.system = system;
        this.adminKey = adminKey;
        this.clients = new SystemClients(system, adminKey);
        this.prices = prices;
        this.startup = startup;
        this.work = work;
    }

    /** Starts the system, its PostgreSQL data in a new temporary folder (deleted by {@link #close}). */
    static SystemUnderTest start() {
        for (TallyService s : TallyService.values()) {
            PackagedService.of(s).jar(); // each one packaged, or a message saying how to package it
        }
        Path work;
        try {
            work = Files.createTempDirectory("tally-system-tests");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PriceSource prices = new PriceSource(PriceFile.bundled().bytes());
        Map<TallyService, Integer> first = new EnumMap<>(TallyService.class);
        Map<TallyService, List<Integer>> more = new EnumMap<>(TallyService.class);
        for (TallyService s : TallyService.values()) {
            first.put(s, FreePorts.next());
            more.put(s, List.of(FreePorts.next()));
        }
        LauncherOptions options = new LauncherOptions(
                        ROOT,
                        work.resolve("pgdata"),
                        FreePorts.next(),
                        "",
                        "postgres",
                        "",
                        first,
                        List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                        LOGS,
                        false)
                .withReplicaPorts(more)
                .withServiceEnv(
                        TallyService.INVOICE,
                        Map.of(
                                "TALLY_INVOICE_BILLING_INTERVAL", "500ms",
                                "TALLY_INVOICE_GRACE_PERIOD", GRACE.toSeconds() + "s",
                                "TALLY_INVOICE_MAX_START_BACKDATE", "400d"))
                .withServiceEnv(
                        TallyService.CATALOG,
                        Map.of("TALLY_CATALOG_SYNC_CRON", "off", "TALLY_CATALOG_SYNC_LITELLM_URL", prices.url()))
                .withServiceEnv(
                        TallyService.USAGE,
                        Map.of(
                                "TALLY_USAGE_OUTBOX_MAX_BACKOFF", "2s",
                                "TALLY_USAGE_OUTBOX_LEASE", "5s"));
        for (TallyService s : TallyService.values()) {
            options = options.withServiceEnv(s, PackagedService.PATIENT_START);
        }
        Instant begin = Instant.now();
        try {
            LocalSystem system = LocalSystem.start(options);
            String admin = LocalKeys.forDataDir(options.dataDir()).admin();
            SystemUnderTest started =
                    new SystemUnderTest(system, admin, prices, Duration.between(begin, Instant.now()), work);
            System.out.printf(
                    "SystemUnderTest: PostgreSQL + %d replicas x 4 services ready in %d ms%n",
                    REPLICAS, started.startup.toMillis());
            return started;
        } catch (RuntimeException e) {
            prices.close();
            delete(work);
            throw e;
        }
    }

    /** Starts a stopped or killed replica again (same port, same environment), then lets the clients reconnect at once. */
    Duration restart(TallyService service, int replica) {
        Duration ready = system.restart(service, replica);
        clients.resetConnectBackoff();
        return ready;
    }

    /** Starts every replica of a service again at once (after {@link LocalSystem#kill}); returns once all are ready. */
    void restartAll(TallyService service) {
        List<CompletableFuture<Duration>> restarts = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            int replica = i;
            restarts.add(CompletableFuture.supplyAsync(() -> restart(service, replica)));
        }
        restarts.forEach(CompletableFuture::join);
    }

    /** Kills every replica of a service at once ({@code kill -9}). */
    void killAll(TallyService service) {
        for (int i = 0; i < REPLICAS; i++) {
            system.kill(service, i);
        }
    }

    /** A JDBC count in a service's database, for "nothing lost, nothing doubled" checks. */
    long count(TallyService service, String sql) {
        return system.database().queryLong(service.database(), sql);
    }

    /** The PostgreSQL server the services run on (the current one: scenarios may restart it). */
    DatabaseServer database() {
        return system.database();
    }

    /**
     * Waiting for something the system does by itself: polls every 100 ms until {@code within} has
     * passed, never a fixed sleep; a poll that throws (a service restarting) counts as "not yet".
     */
    static ConditionFactory eventually(String what, Duration within) {
        return await(what).atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
    }

    @Override
    public void close() {
        try {
            clients.close();
            system.close();
            prices.close();
        } finally {
            delete(work);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("SystemUnderTest: could not delete " + folder + ": " + e);
        }
    }
}
