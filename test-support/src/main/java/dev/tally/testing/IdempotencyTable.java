package dev.tally.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every service copies service-support's {@code idempotency_record.sql} into one of its own Flyway
 * migrations (a migration, once released, never changes, so it cannot include the file). This
 * proves the copy is the kit's table: the table the service's migrations made and the table the
 * kit's statement makes on a fresh database have the same columns (name, type, nullability, in
 * order) and the same constraints (primary key, checks).
 */
public final class IdempotencyTable {

    static final String KIT_STATEMENT = "dev/tally/support/idempotency/idempotency_record.sql";
    static final String TABLE = "idempotency_record";

    private IdempotencyTable() {}

    /** The table in {@code database}, as a list of column and constraint definitions. */
    public static List<String> shapeIn(String database) {
        try (Connection c = TestDatabase.get().connect(database);
                Statement s = c.createStatement()) {
            List<String> shape = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                            + " WHERE table_schema = current_schema() AND table_name = '" + TABLE
                            + "' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    shape.add("column " + rs.getString(1) + " " + rs.getString(2) + " nullable=" + rs.getString(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = (current_schema() || '." + TABLE + "')::regclass ORDER BY 1")) {
                while (rs.next()) {
                    shape.add("constraint " + rs.getString(1));
                }
            }
            return shape;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + TABLE + " in " + database, e);
        }
    }

    /** The table as service-support's statement makes it (on a throwaway database). */
    public static List<String> kitShape() {
        String database = TestDatabase.get().createDatabase("idempotency_kit");
        try {
            TestDatabase.get().executeIn(database, kitStatement());
            return shapeIn(database);
        } finally {
            TestDatabase.get().dropDatabase(database);
        }
    }

    private static String kitStatement() {
        try (InputStream in = IdempotencyTable.class.getClassLoader().getResourceAsStream(KIT_STATEMENT)) {
            if (in == null) {
                throw new IllegalStateException(KIT_STATEMENT + " is not on the classpath (service-support)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
