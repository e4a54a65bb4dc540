package dev.tally.testing;

import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A service as the build packages it ({@code <module>/target/quarkus-app/quarkus-run.jar}), for the
 * tests that run it as its own process (the {@code *IT} tests, system-tests). The one place that
 * knows where the packaged jars are: a module's tests find any service's jar here, so no module
 * declares a dependency on another service's module just to have it packaged first. The full
 * {@code ./mvnw verify} packages the services in the root pom's module order, before the modules
 * whose ITs run them; a narrower build says which command packages a missing one.
 * <p>
 * Test-only settings: a packaged service accepts them only in the {@value #TEST_PROFILE} profile
 * ({@link #testProfile()}); {@link #clockOffset} runs its clock ahead of (or behind) the real time, so
 * a period ends when the test says instead of when the wall clock gets there.
 */
public final class PackagedService {

    /** The configuration profile in which a packaged service accepts test-only settings. */
    public static final String TEST_PROFILE = "it";

    /**
     * The JVM options of a service a test starts: a small heap, and the quickest start on a busy
     * 2-core machine (the client compiler only, the serial collector: no compiler or GC threads
     * competing with the start itself). What is measured for speed (the benchmarks) sets its own.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /**
     * The environment that keeps a busy machine from failing a start: the JDBC pool (Flyway's
     * migration at start) waits up to a minute for a connection instead of Quarkus' 5 s.
     */
    public static final Map<String, String> PATIENT_START =
            Map.of("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");

    private final TallyService service;

    private PackagedService(TallyService service) {
        this.service = service;
    }

    public static PackagedService of(TallyService service) {
        return new PackagedService(service);
    }

    /** By module folder, e.g. {@code of("catalog-service")}. */
    public static PackagedService of(String module) {
        return of(Arrays.stream(TallyService.values())
                .filter(s -> s.module().equals(module))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(module + " is not a service module")));
    }

    /** The runnable jar; fails, naming the command that packages it, when it has not been built. */
    public Path jar() {
        Path jar = service.runnableJar(projectRoot());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(service.module() + " is not packaged (" + jar + " is missing). Package it"
                    + " first: ./mvnw -B -q package -DskipTests -pl " + service.module()
                    + " (./mvnw verify packages every service before the tests that run them)");
        }
        return jar;
    }

    /**
     * Starts the service as its own process on {@code port} with {@code env} (nothing else: no
     * database, no peers), its output in {@code target/<name>.log}. Call
     * {@link ServiceProcess#awaitReady} before use.
     */
    public ServiceProcess start(String name, int port, Map<String, String> env, List<String> jvmOptions) {
        return ServiceProcess.start(
                name,
                jar(),
                port,
                env,
                jvmOptions,
                Path.of("target", name + ".log").toAbsolutePath());
    }

    /** The environment that puts a packaged service in the {@value #TEST_PROFILE} profile. */
    public static Map<String, String> testProfile() {
        return Map.of("QUARKUS_PROFILE", TEST_PROFILE);
    }

    /**
     * The environment that runs a packaged service's clock {@code offset} from the real time
     * ({@code tally.clock.offset}, negative for behind), in the {@value #TEST_PROFILE} profile.
     */
    public static Map<String, String> clockOffset(Duration offset) {
        return Map.of("QUARKUS_PROFILE", TEST_PROFILE, "TALLY_CLOCK_OFFSET", offset.toString());
    }

    /** The repository's root: the nearest folder up from the working directory with the Maven wrapper's {@code .mvn}. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(".mvn")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no project root (a folder with .mvn/ and pom.xml) above " + dir);
    }
}
