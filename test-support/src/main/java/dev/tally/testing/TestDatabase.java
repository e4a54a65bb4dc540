package dev.tally.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL that tests run against. When {@code TALLY_TEST_DB_URL} is set (a JDBC URL
 * of an existing server's admin database, e.g. {@code jdbc:postgresql://localhost:5432/postgres},
 * with {@code TALLY_TEST_DB_USER} / {@code TALLY_TEST_DB_PASSWORD}), tests use that server;
 * otherwise one throwaway embedded PostgreSQL (zonky) is started per JVM. Either way each
 * {@link #createDatabase(String)} call makes a fresh, empty database.
 */
public final class TestDatabase {

    public static final String URL_ENV = "TALLY_TEST_DB_URL";
    public static final String USER_ENV = "TALLY_TEST_DB_USER";
    public static final String PASSWORD_ENV = "TALLY_TEST_DB_PASSWORD";

    private static TestDatabase instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminUrl;

    private TestDatabase(String host, int port, String user, String password, String adminUrl) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminUrl = adminUrl;
    }

    /** The server for this JVM: configured, or embedded and started on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = System.getenv(URL_ENV) != null && !System.getenv(URL_ENV).isBlank() ? configured() : embedded();
        }
        return instance;
    }

    private static TestDatabase configured() {
        String url = System.getenv(URL_ENV);
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        String user = envOr(USER_ENV, "postgres");
        String password = envOr(PASSWORD_ENV, "");
        return new TestDatabase(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, url);
    }

    private static TestDatabase embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary anyway
                }
            }));
            int port = pg.getPort();
            return new TestDatabase("localhost", port, "postgres", "postgres",
                    "jdbc:postgresql://localhost:" + port + "/postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Creates a new empty database named {@code prefix_<random>} and returns its name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).replace('-', '_');
        execute("CREATE DATABASE " + name);
        return name;
    }

    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs one SQL statement in the named database (tests use it to inspect or break things). */
    public void executeIn(String database, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql, e);
        }
    }

    /** Runs one query returning a single number in the named database. */
    public long queryLong(String database, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), user, password);
             Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql, e);
        }
    }

    /** Runs one SQL statement in the server's admin database. */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql, e);
        }
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:" + reactiveUrl(database);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }
}
