package dev.tally.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the local system uses: an embedded one whose data directory survives
 * restarts, or an external one given by a JDBC URL of its admin database.
 */
public class DatabaseServer implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private DatabaseServer(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The same server, for subclasses that add helpers. */
    protected DatabaseServer(DatabaseServer server) {
        this(server.embedded, server.host, server.port, server.user, server.password);
    }

    /**
     * Starts (or restarts, keeping its data) an embedded server in {@code dataDirectory}, durable:
     * a commit is acknowledged only once its WAL is flushed to disk, so a machine crash loses no
     * acknowledged data. zonky starts PostgreSQL with {@code -F} (fsync off) and
     * {@code synchronous_commit=off}; the {@code -c} settings given here come after those on the
     * command line and win.
     */
    public static DatabaseServer embedded(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            return new DatabaseServer(pg, "localhost", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * Stops the embedded server at once, as {@code pg_ctl stop -m immediate} does (SIGQUIT to the
     * postmaster: no checkpoint, connections cut; the next start recovers from the WAL, which holds
     * every acknowledged commit), and waits until it has exited. Start it again with
     * {@link #embedded} on the same data directory and port.
     */
    public void stopImmediately() {
        if (embedded == null) {
            throw new IllegalStateException("only an embedded server can be stopped from here");
        }
        Process postmaster = embedded.getProcess();
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (!postmaster.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("PostgreSQL did not stop within 30 s of SIGQUIT");
            }
            embedded.close(); // releases the data directory's lock; its own stop finds nothing running
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted stopping PostgreSQL", e);
        }
    }

    /**
     * Starts a throwaway embedded server (temporary data directory, free port, no fsync: its data
     * need not survive a crash) for tests; it is removed when closed.
     */
    public static DatabaseServer throwaway() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            return new DatabaseServer(pg, "localhost", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** Uses an existing server; {@code adminJdbcUrl} names a database the user may connect to. */
    public static DatabaseServer external(String adminJdbcUrl, String user, String password) {
        URI uri = URI.create(adminJdbcUrl.substring("jdbc:".length()));
        return new DatabaseServer(null, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) {
        checkName(name);
        try (Connection c = connect("postgres");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    c.createStatement().execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Creates a new empty database named {@code prefix_<random>} and returns its name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + java.util.UUID.randomUUID().toString().substring(0, 8)).replace('-', '_');
        ensureDatabase(name);
        return name;
    }

    /** Drops the database, closing its connections. */
    public void dropDatabase(String name) {
        checkName(name);
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs one SQL statement in the server's admin database ({@code postgres}). */
    public void execute(String sql) {
        executeIn("postgres", sql);
    }

    /** Runs one SQL statement in the named database. */
    public void executeIn(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs one query returning a single number in the named database. */
    public long queryLong(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The current value of a server setting ({@code SHOW name}), e.g. {@code fsync} -> "on". */
    public String setting(String name) {
        checkName(name);
        try (Connection c = connect("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SHOW " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** A new JDBC connection to the named database. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private static void checkName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name: " + name);
        }
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:" + reactiveUrl(database);
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
