package dev.tally.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application its own fresh database on the {@link TestDatabase}
 * server. Init arg {@code database}: the name prefix (default {@code tally}). The name of the
 * database created is published as the system property {@code tally.test.database}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_PROPERTY = "tally.test.database";

    private String prefix = "tally";
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("database", prefix);
    }

    @Override
    public Map<String, String> start() {
        TestDatabase db = TestDatabase.get();
        database = db.createDatabase(prefix);
        System.setProperty(DATABASE_PROPERTY, database);
        return Map.of(
                "quarkus.datasource.reactive.url", db.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(database),
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            TestDatabase.get().dropDatabase(database);
        }
    }

    /** The database the running test application uses. */
    public static String currentDatabase() {
        return System.getProperty(DATABASE_PROPERTY);
    }
}
