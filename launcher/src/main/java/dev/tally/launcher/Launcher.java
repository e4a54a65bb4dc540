package dev.tally.launcher;

import dev.tally.launcher.demo.DemoData;
import io.grpc.health.v1.HealthCheckResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local}: starts the whole system, prints each service's address, health and gRPC
 * services, and runs until Ctrl-C, which stops the services and the database cleanly. With
 * {@code --check} it stops right after the probe and exits non-zero if a service is not SERVING;
 * {@code --help} lists every option ({@link LauncherOption}).
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (LauncherOptions.asksForHelp(args)) {
            System.out.print(LauncherOption.help());
            return;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(
                options.externalDatabase()
                        ? "Using PostgreSQL at " + options.dbUrl()
                        : "Starting embedded PostgreSQL on port " + options.pgPort() + " (data: " + options.dataDir()
                                + ")");
        LocalSystem system;
        try {
            system = LocalSystem.start(options);
        } catch (RuntimeException e) {
            System.err.println("Start failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        boolean healthy = report(system);
        if (options.checkOnly()) {
            system.close();
            System.exit(healthy ? 0 : 1);
        }
        if (options.demoData() && healthy) {
            loadDemoData(options);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Tally...");
            system.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }));
        System.out.println("\nTally is running. Logs: " + options.logDir() + ". Press Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads the demo data once ({@link DemoData}); a failure is reported and the system keeps running. */
    static void loadDemoData(LauncherOptions options) {
        try (DemoData demo = new DemoData(
                "localhost",
                options.ports().get(TallyService.INVOICE),
                options.ports().get(TallyService.WALLET),
                LocalKeys.forDataDir(options.dataDir()).admin())) {
            demo.printSummary(System.out, demo.ensureLoaded());
        } catch (RuntimeException e) {
            System.out.println("\nDemo data not loaded: " + e.getMessage() + " (the system runs without it)");
        }
    }

    /** Prints one block per service; true when every service is SERVING and lists its API. */
    static boolean report(LocalSystem system) {
        boolean allGood = true;
        System.out.printf(
                "%n%-16s %-16s %-9s %-8s %-9s %s%n",
                "service", "address", "health", "ready in", "RSS", "gRPC services (reflection)");
        for (Map.Entry<TallyService, ServiceProcess> e : system.services().entrySet()) {
            TallyService service = e.getKey();
            ServiceProcess process = e.getValue();
            try (GrpcProbe probe = new GrpcProbe("localhost", process.port())) {
                HealthCheckResponse.ServingStatus status = probe.health("");
                List<String> names = probe.listServices();
                boolean good =
                        status == HealthCheckResponse.ServingStatus.SERVING && names.contains(service.grpcService());
                allGood &= good;
                System.out.printf(
                        "%-16s %-16s %-9s %-8s %-9s %s%n",
                        service.module(),
                        "localhost:" + process.port(),
                        status,
                        system.startupTime(service).toMillis() + " ms",
                        process.residentKib() / 1024 + " MiB",
                        String.join(", ", names));
            } catch (RuntimeException ex) {
                allGood = false;
                System.out.printf(
                        "%-16s %-16s %s%n",
                        service.module(), "localhost:" + process.port(), "FAILED: " + ex.getMessage());
            }
        }
        return allGood;
    }
}
