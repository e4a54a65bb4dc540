package dev.tally.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: a database server and the service processes (one replica of
 * each by default, as {@code ./run-local} runs it; more with {@link LauncherOptions#withReplicaPorts}).
 * All processes start at once and are awaited together. Replica <i>i</i> of a service calls replica
 * <i>i</i> of the others (the last one when a service has fewer replicas); all replicas of a service
 * share its database.
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * How long a process may take to become ready: generous, since eight JVMs starting at once on a
     * busy 2-core machine (catalog-service seeding its 2,498 models, usage-service waiting for them)
     * once took more than 3 minutes; a start that is ready sooner moves on at once.
     */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);

    private final LauncherOptions options;
    private volatile DatabaseServer database;
    private final Map<TallyService, List<ServiceProcess>> replicas;
    private final Map<TallyService, Duration> startupTimes;

    private LocalSystem(
            LauncherOptions options,
            DatabaseServer database,
            Map<TallyService, List<ServiceProcess>> replicas,
            Map<TallyService, Duration> startupTimes) {
        this.options = options;
        this.database = database;
        this.replicas = replicas;
        this.startupTimes = startupTimes;
    }

    /** Starts the database and every service replica, and waits until each reports ready. */
    public static LocalSystem start(LauncherOptions options) {
        DatabaseServer db = options.externalDatabase()
                ? DatabaseServer.external(options.dbUrl(), options.dbUser(), options.dbPassword())
                : DatabaseServer.embedded(options.dataDir(), options.pgPort());
        Map<TallyService, List<ServiceProcess>> started = new EnumMap<>(TallyService.class);
        Map<TallyService, Duration> times = new EnumMap<>(TallyService.class);
        LocalSystem system = new LocalSystem(options, db, started, times);
        try {
            for (TallyService s : TallyService.values()) {
                db.ensureDatabase(s.database());
            }
            for (TallyService s : TallyService.values()) {
                List<ServiceProcess> processes = new ArrayList<>();
                started.put(s, processes);
                List<Integer> ports = options.portsOf(s);
                for (int i = 0; i < ports.size(); i++) {
                    processes.add(ServiceProcess.start(
                            s.module(),
                            s.runnableJar(options.projectRoot()),
                            ports.get(i),
                            environment(s, i, db, options),
                            options.javaOptions(),
                            options.logDir().resolve(s.module() + (i == 0 ? "" : "-" + (i + 1)) + ".log")));
                }
            }
            for (Map.Entry<TallyService, List<ServiceProcess>> e : started.entrySet()) {
                Duration slowest = Duration.ZERO;
                for (ServiceProcess p : e.getValue()) {
                    Duration ready = p.awaitReady(READY_TIMEOUT);
                    slowest = ready.compareTo(slowest) > 0 ? ready : slowest;
                }
                times.put(e.getKey(), slowest);
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** What the first replica of a service gets: its database and where the other services are. */
    public static Map<String, String> environment(TallyService service, DatabaseServer db, LauncherOptions options) {
        return environment(service, 0, db, options);
    }

    /** What replica {@code replica} of a service gets: its database, its peers, its extra environment. */
    public static Map<String, String> environment(
            TallyService service, int replica, DatabaseServer db, LauncherOptions options) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        for (TallyService other : TallyService.values()) {
            String prefix = "QUARKUS_GRPC_CLIENTS_" + other.name() + "_";
            List<Integer> ports = options.portsOf(other);
            env.put(prefix + "HOST", "localhost");
            env.put(prefix + "PORT", Integer.toString(ports.get(Math.min(replica, ports.size() - 1))));
        }
        env.putAll(LocalKeys.forDataDir(options.dataDir()).environment(service));
        env.putAll(options.serviceEnv().getOrDefault(service, Map.of()));
        return env;
    }

    /** The first replica of each service. */
    public Map<TallyService, ServiceProcess> services() {
        Map<TallyService, ServiceProcess> first = new EnumMap<>(TallyService.class);
        replicas.forEach((service, processes) -> first.put(service, processes.get(0)));
        return first;
    }

    /** Every replica of a service, in port order. */
    public List<ServiceProcess> replicas(TallyService service) {
        return List.copyOf(replicas.get(service));
    }

    /** Replica {@code index} of a service. */
    public ServiceProcess replica(TallyService service, int index) {
        return replicas.get(service).get(index);
    }

    /** Kills replica {@code index} of a service at once ({@code kill -9}: no graceful shutdown). */
    public void kill(TallyService service, int index) {
        replica(service, index).kill();
    }

    /** Starts a stopped or killed replica again on its port with its environment; waits until it is ready. */
    public Duration restart(TallyService service, int index) {
        List<ServiceProcess> processes = replicas.get(service);
        ServiceProcess again = processes.get(index).restart();
        processes.set(index, again);
        return again.awaitReady(READY_TIMEOUT);
    }

    /**
     * Stops the embedded PostgreSQL at once ({@code pg_ctl stop -m immediate}) and starts it again on
     * the same data directory and port. The services are not told: they must reconnect by themselves.
     */
    public void restartDatabaseImmediately() {
        database.stopImmediately();
        database = DatabaseServer.embedded(options.dataDir(), options.pgPort());
    }

    public Duration startupTime(TallyService service) {
        return startupTimes.get(service);
    }

    public DatabaseServer database() {
        return database;
    }

    /** Stops the services (gracefully, in parallel), then the embedded database. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (List<ServiceProcess> processes : replicas.values()) {
            for (ServiceProcess p : processes) {
                Thread t = new Thread(p::close, "stop-" + p.name() + "-" + p.port());
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        database.close();
    }
}
