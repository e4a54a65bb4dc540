package dev.tally.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How to run the local system. Every option has a flag and an environment variable. The services
 * get the database user and password explicitly ({@link LocalSystem#environment}): they have no
 * default credentials outside the dev and test profiles.
 * <pre>
 *   --data-dir DIR        TALLY_DATA_DIR      embedded PostgreSQL data (default .tally/pgdata; kept across runs)
 *   --pg-port N           TALLY_PG_PORT       embedded PostgreSQL port (default 54320)
 *   --db-url JDBC_URL     TALLY_DB_URL        use this external PostgreSQL instead (admin database URL)
 *   --db-user USER        TALLY_DB_USER       its user (default postgres)
 *   --db-password PW      TALLY_DB_PASSWORD   its password (required with --db-url)
 *   --port-offset N       TALLY_PORT_OFFSET   added to the service ports 8081..8084 (default 0)
 *   --java-opts "..."     TALLY_JAVA_OPTS     JVM options for each service (default -Xmx512m)
 *   --check                                   start, probe health and reflection, stop; exit 1 on failure
 *   --no-demo-data        TALLY_NO_DEMO_DATA=1 do not load the demo plans and customers (DemoData)
 * </pre>
 * Programmatic users (the system tests) may also run more replicas of each service
 * ({@link #withReplicaPorts}: replica <i>i</i> of a service calls replica <i>i</i> of the others,
 * all on the same databases) and give a service extra environment ({@link #withServiceEnv}, e.g. a
 * short billing interval).
 *
 * @param ports        port of each service's first replica
 * @param replicaPorts ports of the further replicas of each service (none by default)
 * @param serviceEnv   extra environment of every replica of a service, added last (wins)
 */
public record LauncherOptions(Path projectRoot, Path dataDir, int pgPort, String dbUrl, String dbUser,
                              String dbPassword, Map<TallyService, Integer> ports, List<String> javaOptions,
                              Path logDir, boolean checkOnly, boolean demoData, Map<TallyService, List<Integer>> replicaPorts,
                              Map<TallyService, Map<String, String>> serviceEnv) {

    /** One replica of each service, no extra environment, no demo data (for tests that build options directly). */
    public LauncherOptions(Path projectRoot, Path dataDir, int pgPort, String dbUrl, String dbUser, String dbPassword,
                           Map<TallyService, Integer> ports, List<String> javaOptions, Path logDir, boolean checkOnly) {
        this(projectRoot, dataDir, pgPort, dbUrl, dbUser, dbPassword, ports, javaOptions, logDir, checkOnly,
                false, Map.of(), Map.of());
    }

    /** These options with further replicas of each service listed, listening on the given ports. */
    public LauncherOptions withReplicaPorts(Map<TallyService, List<Integer>> morePorts) {
        return new LauncherOptions(projectRoot, dataDir, pgPort, dbUrl, dbUser, dbPassword, ports, javaOptions, logDir,
                checkOnly, demoData, Map.copyOf(morePorts), serviceEnv);
    }

    /** These options with {@code env} added to the environment of every replica of {@code service}. */
    public LauncherOptions withServiceEnv(TallyService service, Map<String, String> env) {
        Map<TallyService, Map<String, String>> all = new EnumMap<>(TallyService.class);
        all.putAll(serviceEnv);
        Map<String, String> merged = new java.util.HashMap<>(serviceEnv.getOrDefault(service, Map.of()));
        merged.putAll(env);
        all.put(service, Map.copyOf(merged));
        return new LauncherOptions(projectRoot, dataDir, pgPort, dbUrl, dbUser, dbPassword, ports, javaOptions, logDir,
                checkOnly, demoData, replicaPorts, all);
    }

    /** The ports of every replica of {@code service}, the first replica's first. */
    public List<Integer> portsOf(TallyService service) {
        List<Integer> all = new ArrayList<>();
        all.add(ports.get(service));
        all.addAll(replicaPorts.getOrDefault(service, List.of()));
        return all;
    }

    public static LauncherOptions parse(String[] args, Map<String, String> env, Path projectRoot) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("data-dir", env.getOrDefault("TALLY_DATA_DIR", projectRoot.resolve(".tally/pgdata").toString()));
        values.put("pg-port", env.getOrDefault("TALLY_PG_PORT", "54320"));
        values.put("db-url", env.getOrDefault("TALLY_DB_URL", ""));
        values.put("db-user", env.getOrDefault("TALLY_DB_USER", "postgres"));
        values.put("db-password", env.getOrDefault("TALLY_DB_PASSWORD", ""));
        values.put("port-offset", env.getOrDefault("TALLY_PORT_OFFSET", "0"));
        values.put("java-opts", env.getOrDefault("TALLY_JAVA_OPTS", "-Xmx512m"));
        boolean check = false;
        boolean demoData = !"1".equals(env.get("TALLY_NO_DEMO_DATA"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--check")) {
                check = true;
            } else if (arg.equals("--no-demo-data")) {
                demoData = false;
            } else if (arg.startsWith("--") && values.containsKey(arg.substring(2)) && i + 1 < args.length) {
                values.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option: " + arg + " (see README: Run it locally)");
            }
        }
        if (!values.get("db-url").isBlank() && values.get("db-password").isEmpty()) {
            // the services refuse to start without a password (no default credentials in production)
            throw new IllegalArgumentException("--db-password (TALLY_DB_PASSWORD) is required with --db-url: the services"
                    + " never start without a database password (for a server that trusts this machine, any value works)");
        }
        int offset = Integer.parseInt(values.get("port-offset"));
        Map<TallyService, Integer> ports = new EnumMap<>(TallyService.class);
        for (TallyService s : TallyService.values()) {
            ports.put(s, s.defaultPort() + offset);
        }
        List<String> javaOptions = new ArrayList<>(List.of(values.get("java-opts").trim().split("\\s+")));
        javaOptions.removeIf(String::isBlank);
        Path dataDir = Path.of(values.get("data-dir")).toAbsolutePath();
        return new LauncherOptions(projectRoot, dataDir, Integer.parseInt(values.get("pg-port")),
                values.get("db-url"), values.get("db-user"), values.get("db-password"), ports, javaOptions,
                dataDir.resolveSibling("logs"), check, demoData && !check, Map.of(), Map.of());
    }

    public boolean externalDatabase() {
        return dbUrl != null && !dbUrl.isBlank();
    }
}
