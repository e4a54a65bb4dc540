package dev.tally.system;

import dev.tally.launcher.GrpcProbe;
import dev.tally.launcher.LauncherOptions;
import dev.tally.launcher.LocalSystem;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import io.grpc.health.v1.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ./run-local promises, checked on the packaged services: all four come up as separate
 * processes on one PostgreSQL, each answers the standard gRPC health check with SERVING and lists
 * its API by reflection, and the embedded database keeps its data across a restart.
 */
class LocalSystemTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void allFourServicesServeHealthAndReflectionAndDataSurvivesARestart() throws Exception {
        LauncherOptions options = options(work.resolve("pgdata"));

        try (LocalSystem system = LocalSystem.start(options)) {
            for (TallyService service : TallyService.values()) {
                ServiceProcess process = system.services().get(service);
                try (GrpcProbe probe = new GrpcProbe("localhost", process.port())) {
                    assertThat(probe.health("")).as(service + " health").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                    assertThat(probe.health(service.grpcService())).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                    assertThat(probe.listServices()).as(service + " reflection")
                            .contains(service.grpcService(), "grpc.health.v1.Health");
                }
            }
            assertThat(migrations(system, TallyService.CATALOG)).isPositive();
        }

        try (LocalSystem restarted = LocalSystem.start(options(work.resolve("pgdata")))) {
            // same data directory: the databases and their migration history are still there
            for (TallyService service : TallyService.values()) {
                assertThat(migrations(restarted, service)).as(service + " migrations kept").isPositive();
                assertThat(restarted.services().get(service).isAlive()).isTrue();
            }
        }
    }

    private LauncherOptions options(Path dataDir) throws IOException {
        Map<TallyService, Integer> ports = new EnumMap<>(TallyService.class);
        for (TallyService s : TallyService.values()) {
            ports.put(s, freePort());
        }
        return new LauncherOptions(ROOT, dataDir, freePort(), "", "postgres", "", ports,
                List.of("-Xmx256m"), work.resolve("logs"), false);
    }

    private static long migrations(LocalSystem system, TallyService service) throws SQLException {
        try (Connection c = DriverManager.getConnection(system.database().jdbcUrl(service.database()),
                system.database().user(), system.database().password());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
