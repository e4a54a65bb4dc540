package dev.tally.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The whole system on one machine: a database server and the four service processes. */
public final class LocalSystem implements AutoCloseable {

    private final DatabaseServer database;
    private final Map<TallyService, ServiceProcess> services;
    private final Map<TallyService, Duration> startupTimes;

    private LocalSystem(DatabaseServer database, Map<TallyService, ServiceProcess> services,
                        Map<TallyService, Duration> startupTimes) {
        this.database = database;
        this.services = services;
        this.startupTimes = startupTimes;
    }

    /** Starts the database and every service, and waits until each reports ready. */
    public static LocalSystem start(LauncherOptions options) {
        DatabaseServer db = options.externalDatabase()
                ? DatabaseServer.external(options.dbUrl(), options.dbUser(), options.dbPassword())
                : DatabaseServer.embedded(options.dataDir(), options.pgPort());
        Map<TallyService, ServiceProcess> started = new EnumMap<>(TallyService.class);
        Map<TallyService, Duration> times = new EnumMap<>(TallyService.class);
        LocalSystem system = new LocalSystem(db, started, times);
        try {
            for (TallyService s : TallyService.values()) {
                db.ensureDatabase(s.database());
            }
            for (TallyService s : TallyService.values()) {
                started.put(s, ServiceProcess.start(s.module(), s.runnableJar(options.projectRoot()),
                        options.ports().get(s), environment(s, db, options), options.javaOptions(),
                        options.logDir().resolve(s.module() + ".log")));
            }
            for (Map.Entry<TallyService, ServiceProcess> e : started.entrySet()) {
                times.put(e.getKey(), e.getValue().awaitReady(Duration.ofSeconds(180)));
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** What a service gets: its database and where the other services are. */
    public static Map<String, String> environment(TallyService service, DatabaseServer db, LauncherOptions options) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        for (TallyService other : TallyService.values()) {
            String prefix = "QUARKUS_GRPC_CLIENTS_" + other.name() + "_";
            env.put(prefix + "HOST", "localhost");
            env.put(prefix + "PORT", Integer.toString(options.ports().get(other)));
        }
        env.putAll(LocalKeys.forDataDir(options.dataDir()).environment(service));
        return env;
    }

    public Map<TallyService, ServiceProcess> services() {
        return services;
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
        for (ServiceProcess p : services.values()) {
            Thread t = new Thread(p::close, "stop-" + p.name());
            t.start();
            stopping.add(t);
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
