package dev.tally.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The services have no default database credentials outside dev and test, so the launcher always
 * passes them, and refuses an external server without a password instead of starting services that
 * would stop at once. {@code --help} prints the same option table the parser reads.
 */
class LauncherOptionsTest {

    private static final Path ROOT = Path.of("/tmp/tally");

    @Test
    void externalDatabaseNeedsAPassword() {
        assertThatThrownBy(() -> LauncherOptions.parse(
                        new String[] {"--db-url", "jdbc:postgresql://db:5432/postgres"}, Map.of(), ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--db-password (TALLY_DB_PASSWORD) is required with --db-url");
        assertThatThrownBy(() -> LauncherOptions.parse(
                        new String[0], Map.of("TALLY_DB_URL", "jdbc:postgresql://db/postgres"), ROOT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servicesGetTheExternalDatabaseCredentials() {
        LauncherOptions options = LauncherOptions.parse(
                new String[] {"--db-url", "jdbc:postgresql://db:6543/postgres", "--db-user", "billing"},
                Map.of("TALLY_DB_PASSWORD", "s3cret"),
                ROOT);
        DatabaseServer db = DatabaseServer.external(options.dbUrl(), options.dbUser(), options.dbPassword());

        Map<String, String> env = LocalSystem.environment(TallyService.USAGE, db, options);

        assertThat(env)
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db:6543/tally_usage")
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
        assertThat(LauncherOptions.parse(new String[0], Map.of(), ROOT).demoData())
                .isTrue();
        assertThat(LauncherOptions.parse(new String[] {"--no-demo-data"}, Map.of(), ROOT)
                        .demoData())
                .isFalse();
        assertThat(LauncherOptions.parse(new String[0], Map.of("TALLY_NO_DEMO_DATA", "1"), ROOT)
                        .demoData())
                .isFalse();
        assertThat(LauncherOptions.parse(new String[] {"--check"}, Map.of(), ROOT)
                        .demoData())
                .isFalse();
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
        assertThat(second)
                .containsEntry("QUARKUS_GRPC_CLIENTS_WALLET_PORT", "9082")
                .containsEntry("QUARKUS_GRPC_CLIENTS_CATALOG_PORT", "8081") // one catalog: every replica's
                .containsEntry("TALLY_USAGE_OUTBOX_LEASE", "5s");
        assertThat(LocalSystem.environment(TallyService.USAGE, 0, db, options))
                .containsEntry("QUARKUS_GRPC_CLIENTS_WALLET_PORT", "8082");
        assertThat(LocalSystem.environment(TallyService.WALLET, 1, db, options))
                .doesNotContainKey("TALLY_USAGE_OUTBOX_LEASE");
    }

    @Test
    void helpIsAskedForByEitherFlagWhereAFlagMayStand() {
        assertThat(LauncherOptions.asksForHelp(new String[] {"--help"})).isTrue();
        assertThat(LauncherOptions.asksForHelp(new String[] {"--check", "-h"})).isTrue();
        assertThat(LauncherOptions.asksForHelp(new String[] {"--java-opts", "-h"}))
                .isFalse(); // a value, not a flag
        assertThat(LauncherOptions.asksForHelp(new String[0])).isFalse();
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndDefault() {
        String help = LauncherOption.help();
        for (LauncherOption option : LauncherOption.values()) {
            String line = help.lines()
                    .filter(l -> l.contains(option.meaning()))
                    .findFirst()
                    .orElseThrow();
            option.flag().ifPresent(flag -> assertThat(line).contains(flag));
            option.environment().ifPresent(variable -> assertThat(line).contains(variable));
            assertThat(line).contains(option.defaultValue());
        }
        assertThat(help).contains("--pg-port N", "TALLY_PG_PORT", "54320", "-h, --help", "TALLY_SKIP_BUILD");
    }

    @Test
    void everyOptionInTheHelpIsWhatTheParserReads() {
        Map<LauncherOption, String> variables = Map.of(
                LauncherOption.DATA_DIR,
                "/data/pg",
                LauncherOption.PG_PORT,
                "6000",
                LauncherOption.DB_URL,
                "jdbc:postgresql://db:5432/postgres",
                LauncherOption.DB_USER,
                "billing",
                LauncherOption.DB_PASSWORD,
                "pw",
                LauncherOption.PORT_OFFSET,
                "100",
                LauncherOption.JAVA_OPTS,
                "-Xmx1g -Xss1m");
        Map<String, String> env = new java.util.HashMap<>();
        variables.forEach((option, value) -> env.put(option.environment().orElseThrow(), value));
        LauncherOptions fromEnv = LauncherOptions.parse(new String[0], env, ROOT);
        String[] args = variables.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey().flag().orElseThrow(), e.getValue()))
                .toArray(String[]::new);
        LauncherOptions fromFlags = LauncherOptions.parse(args, Map.of(), ROOT);

        for (LauncherOptions options : List.of(fromEnv, fromFlags)) {
            assertThat(options.dataDir()).isEqualTo(Path.of("/data/pg"));
            assertThat(options.pgPort()).isEqualTo(6000);
            assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/postgres");
            assertThat(options.dbUser()).isEqualTo("billing");
            assertThat(options.dbPassword()).isEqualTo("pw");
            assertThat(options.ports()).containsEntry(TallyService.CATALOG, 8181);
            assertThat(options.javaOptions()).containsExactly("-Xmx1g", "-Xss1m");
        }
        assertThat(LauncherOptions.parse(new String[] {"--pg-port", "7000"}, Map.of("TALLY_PG_PORT", "6000"), ROOT)
                        .pgPort())
                .as("a flag wins over its variable")
                .isEqualTo(7000);
    }

    @Test
    void theDefaultsAreTheOnesTheHelpShows() {
        LauncherOptions options = LauncherOptions.parse(new String[0], Map.of(), ROOT);
        assertThat(options.dataDir()).isEqualTo(ROOT.resolve(LauncherOption.DATA_DIR.defaultValue()));
        assertThat(options.pgPort()).isEqualTo(Integer.parseInt(LauncherOption.PG_PORT.defaultValue()));
        assertThat(options.dbUser()).isEqualTo(LauncherOption.DB_USER.defaultValue());
        assertThat(options.ports()).containsEntry(TallyService.CATALOG, 8081).containsEntry(TallyService.INVOICE, 8084);
        assertThat(options.javaOptions()).containsExactly(LauncherOption.JAVA_OPTS.defaultValue());
        assertThat(options.externalDatabase()).isFalse();
    }

    @Test
    void anUnknownOptionOrAMissingValuePointsToTheHelp() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--verbose"}, Map.of(), ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option: --verbose (./run-local --help lists every option)");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--pg-port"}, Map.of(), ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--pg-port needs a value (./run-local --help lists every option)");
    }

    @Test
    void theConfigurationReferenceListsEveryOption() throws IOException {
        // the launcher module runs its tests in launcher/; the reference is docs/configuration.md
        String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
        String section = reference.substring(reference.indexOf("## Run it locally"));
        for (LauncherOption option : LauncherOption.values()) {
            option.flag()
                    .ifPresent(flag -> assertThat(section)
                            .as("docs/configuration.md, Run it locally")
                            .contains("`" + flag));
            option.environment()
                    .ifPresent(variable -> assertThat(section)
                            .as("docs/configuration.md, Run it locally")
                            .contains("`" + variable));
        }
    }
}
