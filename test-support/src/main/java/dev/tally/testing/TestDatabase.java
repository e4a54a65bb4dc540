package dev.tally.testing;

import dev.tally.launcher.DatabaseServer;

/**
 * The real PostgreSQL that tests run against. When {@code TALLY_TEST_DB_URL} is set (a JDBC URL
 * of an existing server's admin database, e.g. {@code jdbc:postgresql://localhost:5432/postgres},
 * with {@code TALLY_TEST_DB_USER} / {@code TALLY_TEST_DB_PASSWORD}), tests use that server;
 * otherwise one throwaway embedded PostgreSQL is started per JVM. Tests make their own fresh
 * databases on it with {@link #createDatabase(String)}.
 */
public final class TestDatabase extends DatabaseServer {

    public static final String URL_ENV = "TALLY_TEST_DB_URL";
    public static final String USER_ENV = "TALLY_TEST_DB_USER";
    public static final String PASSWORD_ENV = "TALLY_TEST_DB_PASSWORD";

    private static TestDatabase instance;

    private TestDatabase(DatabaseServer server) {
        super(server);
    }

    /** The server for this JVM: configured, or embedded and started on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            String url = System.getenv(URL_ENV);
            if (url != null && !url.isBlank()) {
                instance = new TestDatabase(
                        DatabaseServer.external(url, envOr(USER_ENV, "postgres"), envOr(PASSWORD_ENV, "")));
            } else {
                instance = new TestDatabase(DatabaseServer.throwaway());
                Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
            }
        }
        return instance;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
