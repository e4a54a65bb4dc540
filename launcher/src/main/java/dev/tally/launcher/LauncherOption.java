package dev.tally.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every option of {@code ./run-local}, with its flag, environment variable and default: the one
 * table that {@link LauncherOptions#parse} reads and {@link #help()} prints, so the two cannot
 * drift. A flag wins over its environment variable.
 */
public enum LauncherOption {
    DATA_DIR(
            "--data-dir",
            "DIR",
            "TALLY_DATA_DIR",
            ".tally/pgdata",
            "embedded PostgreSQL data directory, kept across runs (logs go to its sibling logs/); relative to the repository root"),
    PG_PORT("--pg-port", "N", "TALLY_PG_PORT", "54320", "embedded PostgreSQL port"),
    DB_URL(
            "--db-url",
            "JDBC_URL",
            "TALLY_DB_URL",
            "",
            "use this external PostgreSQL instead: the JDBC URL of a database the user may connect to"
                    + " (e.g. jdbc:postgresql://db:5432/postgres); the four databases are created if missing"),
    DB_USER("--db-user", "USER", "TALLY_DB_USER", "postgres", "its user"),
    DB_PASSWORD(
            "--db-password",
            "PW",
            "TALLY_DB_PASSWORD",
            "",
            "its password; required with --db-url (for a server that trusts this machine any value works)"),
    PORT_OFFSET("--port-offset", "N", "TALLY_PORT_OFFSET", "0", "added to the service ports 8081..8084"),
    JAVA_OPTS("--java-opts", "\"...\"", "TALLY_JAVA_OPTS", "-Xmx512m", "JVM options for each service"),
    CHECK(
            "--check",
            null,
            null,
            "",
            "start, print each service's health and gRPC services, stop; exit 1 if one is not SERVING"),
    NO_DEMO_DATA(
            "--no-demo-data",
            null,
            "TALLY_NO_DEMO_DATA",
            "",
            "do not load the demo plans and customers (loaded once otherwise)"),
    SKIP_BUILD(
            null,
            null,
            "TALLY_SKIP_BUILD",
            "",
            "never build, use the jars as they are (read by the ./run-local script)"),
    HELP("--help", null, null, "", "print this help and exit");

    /** The short form of {@link #HELP}. */
    public static final String SHORT_HELP = "-h";

    private final String flag;
    private final String argument;
    private final String environment;
    private final String defaultValue;
    private final String meaning;

    LauncherOption(String flag, String argument, String environment, String defaultValue, String meaning) {
        this.flag = flag;
        this.argument = argument;
        this.environment = environment;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The command-line flag, e.g. {@code --pg-port}; empty for a setting only the environment gives. */
    public Optional<String> flag() {
        return Optional.ofNullable(flag);
    }

    /** True for a flag followed by a value ({@code --pg-port 55432}), false for a switch. */
    public boolean takesValue() {
        return argument != null;
    }

    /**
     * The environment variable, e.g. {@code TALLY_PG_PORT}; empty for a flag without one. A switch's
     * variable is on when set to {@code 1}.
     */
    public Optional<String> environment() {
        return Optional.ofNullable(environment);
    }

    /** The value used when neither the flag nor the variable is given; empty when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The option whose flag is {@code arg} ({@code -h} is {@link #HELP}), if any. */
    public static Optional<LauncherOption> ofFlag(String arg) {
        if (SHORT_HELP.equals(arg)) {
            return Optional.of(HELP);
        }
        return Stream.of(values()).filter(o -> arg.equals(o.flag)).findFirst();
    }

    /** The text of {@code ./run-local --help}: every option with its variable and default. */
    public static String help() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"option", "environment variable", "default", "meaning"});
        for (LauncherOption o : values()) {
            String option = o.flag == null
                    ? "-"
                    : o == HELP ? SHORT_HELP + ", " + o.flag : o.takesValue() ? o.flag + " " + o.argument : o.flag;
            String variable = o.environment == null ? "-" : o.takesValue() ? o.environment : o.environment + "=1";
            rows.add(new String[] {option, variable, o.defaultValue.isEmpty() ? "-" : o.defaultValue, o.meaning});
        }
        int[] width = new int[3];
        for (String[] row : rows) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder()
                .append("Usage: ./run-local [option ...]\n")
                .append(
                        "Runs Tally on this machine: PostgreSQL (embedded unless --db-url), the four services as separate\n")
                .append(
                        "processes, and the demo data (once). Ctrl-C stops everything. Each option may also be set by its\n")
                .append("environment variable; a flag wins over the variable.\n\n");
        for (String[] row : rows) {
            text.append("  ");
            for (int c = 0; c < width.length; c++) {
                text.append(String.format("%-" + (width[c] + 2) + "s", row[c]));
            }
            text.append(row[3]).append('\n');
        }
        return text.toString();
    }
}
