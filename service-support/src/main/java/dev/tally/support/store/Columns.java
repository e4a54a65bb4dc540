package dev.tally.support.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Turns rows into one array parameter per column, for set-based statements
 * ({@code INSERT ... SELECT ... FROM unnest($1::text[], ...)}): one statement writes any number of
 * rows. Amounts travel as exact decimal text and are cast to NUMERIC by the statement, instants as
 * ISO-8601 text cast to TIMESTAMPTZ, UUIDs as text cast to UUID.
 *
 * @param <T> the row type
 */
public final class Columns<T> {

    private final List<T> rows;
    private final List<Object> params = new ArrayList<>();

    private Columns(Collection<T> rows) {
        this.rows = List.copyOf(rows);
    }

    public static <T> Columns<T> of(Collection<T> rows) {
        return new Columns<>(rows);
    }

    /** A text[] column (decimals as plain text, instants as ISO-8601, UUIDs as text; null stays null). */
    public Columns<T> text(Function<T, ?> column) {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = column.apply(rows.get(i));
            values[i] = value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        }
        params.add(values);
        return this;
    }

    /** An int8[] column. */
    public Columns<T> int8(ToLongFunction<T> column) {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.applyAsLong(rows.get(i));
        }
        params.add(values);
        return this;
    }

    /** A bytea[] column (null stays null). */
    public Columns<T> bytea(Function<T, byte[]> column) {
        Buffer[] values = new Buffer[rows.size()];
        for (int i = 0; i < values.length; i++) {
            byte[] value = column.apply(rows.get(i));
            values[i] = value == null ? null : Buffer.buffer(value);
        }
        params.add(values);
        return this;
    }

    /** A plain parameter after the columns (e.g. the transaction's instant). */
    public Columns<T> value(Object value) {
        params.add(value);
        return this;
    }

    public Tuple tuple() {
        return Tuple.tuple(params);
    }
}
