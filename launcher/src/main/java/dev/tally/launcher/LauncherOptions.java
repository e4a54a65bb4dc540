package dev.tally.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the local system. Every option has a flag and an environment variable, listed once in
 * {@link LauncherOption} (which {@code ./run-local --help} prints). The services get the database
 * user and password explicitly ({@link LocalSystem#environment}): they have no default credentials
 * outside the dev and test profiles.
 * <p>
 * Programmatic users (the system tests) may also run more replicas of each service
 * ({@link #withReplicaPorts}: replica <i>i</i> of a service calls replica <i>i</i> of the others,
 * all on the same databases) and give a service extra environment ({@link #withServiceEnv}, e.g. a
 * short billing interval).
 *
 * @param ports        port of each service's first replica
 * @param replicaPorts ports of the further replicas of each service (none by default)
 * @param serviceEnv   extra environment of every replica of a service, added last (wins)
 */
public record LauncherOptions(
        Path projectRoot,
        Path dataDir,
        int pgPort,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Map<TallyService, Integer> ports,
        List<String> javaOptions,
        Path logDir,
        boolean checkOnly,
        boolean demoData,
        Map<TallyService, List<Integer>> replicaPorts,
        Map<TallyService, Map<String, String>> serviceEnv) {

    /** One replica of each service, no extra environment, no demo data (for tests that build options directly). */
    public LauncherOptions(
            Path projectRoot,
            Path dataDir,
            int pgPort,
            String dbUrl,
            String dbUser,
            String dbPassword,
            Map<TallyService, Integer> ports,
            List<String> javaOptions,
            Path logDir,
            boolean checkOnly) {
        this(
                projectRoot,
                dataDir,
                pgPort,
                dbUrl,
                dbUser,
                dbPassword,
                ports,
                javaOptions,
                logDir,
                checkOnly,
                false,
                Map.of(),
                Map.of());
    }

    /** These options with further replicas of each service listed, listening on the given ports. */
    public LauncherOptions withReplicaPorts(Map<TallyService, List<Integer>> morePorts) {
        return new LauncherOptions(
                projectRoot,
                dataDir,
                pgPort,
                dbUrl,
                dbUser,
                dbPassword,
                ports,
                javaOptions,
                logDir,
                checkOnly,
                demoData,
                Map.copyOf(morePorts),
                serviceEnv);
    }

    /** These options with {@code env} added to the environment of every replica of {@code service}. */
    public LauncherOptions withServiceEnv(TallyService service, Map<String, String> env) {
        Map<TallyService, Map<String, String>> all = new EnumMap<>(TallyService.class);
        all.putAll(serviceEnv);
        Map<String, String> merged = new java.util.HashMap<>(serviceEnv.getOrDefault(service, Map.of()));
        merged.putAll(env);
        all.put(service, Map.copyOf(merged));
        return new LauncherOptions(
                projectRoot,
                dataDir,
                pgPort,
                dbUrl,
                dbUser,
                dbPassword,
                ports,
                javaOptions,
                logDir,
                checkOnly,
                demoData,
                replicaPorts,
                all);
    }

    /** The ports of every replica of {@code service}, the first replica's first. */
    public List<Integer> portsOf(TallyService service) {
        List<Integer> all = new ArrayList<>();
        all.add(ports.get(service));
        all.addAll(replicaPorts.getOrDefault(service, List.of()));
        return all;
    }

    /** True when {@code args} ask for the help ({@code --help} or {@code -h} where a flag may stand). */
    public static boolean asksForHelp(String[] args) {
        for (int i = 0; i < args.length; i++) {
            Optional<LauncherOption> option = LauncherOption.ofFlag(args[i]);
            if (option.isPresent() && option.get() == LauncherOption.HELP) {
                return true;
            }
            if (option.isPresent() && option.get().takesValue()) {
                i++;
            }
        }
        return false;
    }

    /**
     * The options from the command line over the environment over the defaults ({@link LauncherOption}).
     *
     * @throws IllegalArgumentException for an unknown option, a flag without its value, or an
     *                                  external database without a password
     */
    public static LauncherOptions parse(String[] args, Map<String, String> env, Path projectRoot) {
        Map<LauncherOption, String> values = new EnumMap<>(LauncherOption.class);
        for (LauncherOption option : LauncherOption.values()) {
            if (option.takesValue()) {
                values.put(option, env.getOrDefault(option.environment().orElseThrow(), option.defaultValue()));
            }
        }
        if (!env.containsKey(LauncherOption.DATA_DIR.environment().orElseThrow())) {
            values.put(
                    LauncherOption.DATA_DIR,
                    projectRoot.resolve(LauncherOption.DATA_DIR.defaultValue()).toString());
        }
        boolean check = false;
        boolean demoData =
                !"1".equals(env.get(LauncherOption.NO_DEMO_DATA.environment().orElseThrow()));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            LauncherOption option = LauncherOption.ofFlag(arg)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown option: " + arg + " (./run-local --help lists every option)"));
            if (option.takesValue()) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(arg + " needs a value (./run-local --help lists every option)");
                }
                values.put(option, args[++i]);
            } else if (option == LauncherOption.CHECK) {
                check = true;
            } else if (option == LauncherOption.NO_DEMO_DATA) {
                demoData = false;
            }
        }
        if (!values.get(LauncherOption.DB_URL).isBlank()
                && values.get(LauncherOption.DB_PASSWORD).isEmpty()) {
            // the services refuse to start without a password (no default credentials in production)
            throw new IllegalArgumentException(
                    "--db-password (TALLY_DB_PASSWORD) is required with --db-url: the services"
                            + " never start without a database password (for a server that trusts this machine, any value works)");
        }
        int offset = Integer.parseInt(values.get(LauncherOption.PORT_OFFSET));
        Map<TallyService, Integer> ports = new EnumMap<>(TallyService.class);
        for (TallyService s : TallyService.values()) {
            ports.put(s, s.defaultPort() + offset);
        }
        List<String> javaOptions = new ArrayList<>(
                List.of(values.get(LauncherOption.JAVA_OPTS).trim().split("\\s+")));
        javaOptions.removeIf(String::isBlank);
        Path dataDir = Path.of(values.get(LauncherOption.DATA_DIR)).toAbsolutePath();
        return new LauncherOptions(
                projectRoot,
                dataDir,
                Integer.parseInt(values.get(LauncherOption.PG_PORT)),
                values.get(LauncherOption.DB_URL),
                values.get(LauncherOption.DB_USER),
                values.get(LauncherOption.DB_PASSWORD),
                ports,
                javaOptions,
                dataDir.resolveSibling("logs"),
                check,
                demoData && !check,
                Map.of(),
                Map.of());
    }

    public boolean externalDatabase() {
        return dbUrl != null && !dbUrl.isBlank();
    }
}
