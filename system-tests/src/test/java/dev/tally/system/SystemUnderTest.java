package dev.tally.system;

import dev.tally.launcher.LauncherOptions;
import dev.tally.launcher.LocalKeys;
import dev.tally.launcher.LocalSystem;
import dev.tally.launcher.TallyService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The system the scenarios run against, started once: an embedded PostgreSQL and two replicas of
 * each of the four packaged services (8 processes, started at once), configured only through
 * environment variables, as an operator would:
 * <ul>
 *   <li>invoice-service: billing job every 500 ms, grace window {@link #GRACE}, and subscriptions
 *       may start up to 400 days back ({@code TALLY_INVOICE_MAX_START_BACKDATE}, the setting for
 *       bringing over subscriptions from another system), so a period can end seconds from now;</li>
 *   <li>catalog-service: no scheduled sync; its price source is the local {@link PriceSource};</li>
 *   <li>usage-service: outbox retries at most 2 s apart and a 5 s lease, so deliveries resume
 *       quickly after a wallet outage or a crash.</li>
 * </ul>
 */
final class SystemUnderTest implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Duration GRACE = Duration.ofSeconds(8);
    static final int REPLICAS = 2;

    final LocalSystem system;
    final SystemClients clients;
    final PriceSource prices;
    final Duration startup;

    private SystemUnderTest(LocalSystem system, String apiKey, PriceSource prices, Duration startup) {
        this.system = system;
        this.clients = new SystemClients(system, apiKey);
        this.prices = prices;
        this.startup = startup;
    }

    static SystemUnderTest start(Path work) {
        PriceSource prices = new PriceSource(PriceFile.bundled().bytes());
        Map<TallyService, Integer> first = new EnumMap<>(TallyService.class);
        Map<TallyService, List<Integer>> more = new EnumMap<>(TallyService.class);
        for (TallyService s : TallyService.values()) {
            first.put(s, freePort());
            more.put(s, List.of(freePort()));
        }
        LauncherOptions options = new LauncherOptions(ROOT, work.resolve("pgdata"), freePort(), "", "postgres", "",
                first, List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                Path.of("target", "whole-system-logs").toAbsolutePath(), false)
                .withReplicaPorts(more)
                .withServiceEnv(TallyService.INVOICE, Map.of(
                        "TALLY_INVOICE_BILLING_INTERVAL", "500ms",
                        "TALLY_INVOICE_GRACE_PERIOD", GRACE.toSeconds() + "s",
                        "TALLY_INVOICE_MAX_START_BACKDATE", "400d"))
                .withServiceEnv(TallyService.CATALOG, Map.of(
                        "TALLY_CATALOG_SYNC_CRON", "off",
                        "TALLY_CATALOG_SYNC_LITELLM_URL", prices.url()))
                .withServiceEnv(TallyService.USAGE, Map.of(
                        "TALLY_USAGE_OUTBOX_MAX_BACKOFF", "2s",
                        "TALLY_USAGE_OUTBOX_LEASE", "5s"));
        Instant begin = Instant.now();
        try {
            LocalSystem system = LocalSystem.start(options);
            String admin = LocalKeys.forDataDir(options.dataDir()).admin();
            return new SystemUnderTest(system, admin, prices, Duration.between(begin, Instant.now()));
        } catch (RuntimeException e) {
            prices.close();
            throw e;
        }
    }

    /** Starts a stopped or killed replica again (same port, same environment), then lets the clients reconnect at once. */
    Duration restart(TallyService service, int replica) {
        Duration ready = system.restart(service, replica);
        clients.resetConnectBackoff();
        return ready;
    }

    /** A JDBC count in a service's database, for "nothing lost, nothing doubled" checks. */
    long count(TallyService service, String sql) {
        return system.database().queryLong(service.database(), sql);
    }

    @Override
    public void close() {
        clients.close();
        system.close();
        prices.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
