package dev.tally.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The services have no default database credentials outside dev and test, so the launcher always
 * passes them, and refuses an external server without a password instead of starting services that
 * would stop at once.
 */
class LauncherOptionsTest {

    private static final Path ROOT = Path.of("/tmp/tally");

    @Test
    void externalDatabaseNeedsAPassword() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--db-url", "jdbc:postgresql://db:5432/postgres"}, Map.of(), ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--db-password (TALLY_DB_PASSWORD) is required with --db-url");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[0], Map.of("TALLY_DB_URL", "jdbc:postgresql://db/postgres"), ROOT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servicesGetTheExternalDatabaseCredentials() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--db-url", "jdbc:postgresql://db:6543/postgres",
                "--db-user", "billing"}, Map.of("TALLY_DB_PASSWORD", "s3cret"), ROOT);
        DatabaseServer db = DatabaseServer.external(options.dbUrl(), options.dbUser(), options.dbPassword());

        Map<String, String> env = LocalSystem.environment(TallyService.USAGE, db, options);

        assertThat(env).containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db:6543/tally_usage")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "billing")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "s3cret");
    }

    @Test
    void embeddedDatabaseNeedsNoPassword() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--pg-port", "55432"}, Map.of(), ROOT);
        assertThat(options.externalDatabase()).isFalse();
        assertThat(options.pgPort()).isEqualTo(55432);
    }

    @Test
    void demoDataIsLoadedUnlessSkippedOrOnlyChecking() {
        assertThat(LauncherOptions.parse(new String[0], Map.of(), ROOT).demoData()).isTrue();
        assertThat(LauncherOptions.parse(new String[] {"--no-demo-data"}, Map.of(), ROOT).demoData()).isFalse();
        assertThat(LauncherOptions.parse(new String[0], Map.of("TALLY_NO_DEMO_DATA", "1"), ROOT).demoData()).isFalse();
        assertThat(LauncherOptions.parse(new String[] {"--check"}, Map.of(), ROOT).demoData()).isFalse();
    }

    @Test
    void replicaIOfAServiceCallsReplicaIOfTheOthersWithItsExtraEnvironment() {
        LauncherOptions options = LauncherOptions.parse(new String[0], Map.of(), ROOT)
                .withReplicaPorts(Map.of(TallyService.WALLET, List.of(9082), TallyService.USAGE, List.of(9083)))
                .withServiceEnv(TallyService.USAGE, Map.of("TALLY_USAGE_OUTBOX_LEASE", "5s"));
        DatabaseServer db = DatabaseServer.external("jdbc:postgresql://db:5432/postgres", "postgres", "pw");

        assertThat(options.portsOf(TallyService.WALLET)).containsExactly(8082, 9082);
        assertThat(options.portsOf(TallyService.CATALOG)).containsExactly(8081);
        Map<String, String> second = LocalSystem.environment(TallyService.USAGE, 1, db, options);
        assertThat(second).containsEntry("QUARKUS_GRPC_CLIENTS_WALLET_PORT", "9082")
                .containsEntry("QUARKUS_GRPC_CLIENTS_CATALOG_PORT", "8081")   // one catalog: every replica's
                .containsEntry("TALLY_USAGE_OUTBOX_LEASE", "5s");
        assertThat(LocalSystem.environment(TallyService.USAGE, 0, db, options))
                .containsEntry("QUARKUS_GRPC_CLIENTS_WALLET_PORT", "8082");
        assertThat(LocalSystem.environment(TallyService.WALLET, 1, db, options)).doesNotContainKey("TALLY_USAGE_OUTBOX_LEASE");
    }
}
