package dev.tally.usage.store;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventFigures;
import dev.tally.usage.domain.StoredEvent;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Reads usage_event rows: the columns every reader selects, and the row as a {@link StoredEvent}. */
final class EventReader {

    static final String COLUMNS = "event_id::text, customer_id, occurred_time, consumption_model, period_start,"
            + " feature_code, model_id, provider, cost_currency, units::text, input_tokens, output_tokens,"
            + " cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, provider_cost::text,"
            + " charge_amount::text, charge_currency, margin_amount::text, included_units::text, overage_units::text,"
            + " detail, debit_status, debit_id, debit_shortfall::text, debit_error, revision, void_time, amend_time";

    private EventReader() {}

    static StoredEvent read(Row row) {
        long[] tokens = new long[6];
        for (int i = 0; i < 6; i++) {
            tokens[i] = row.getLong(10 + i);
        }
        EventFigures figures = new EventFigures(
                row.getString(1),
                row.getOffsetDateTime(4).toInstant(),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                decimal(row.getString(9)),
                tokens,
                decimal(row.getString(16)),
                decimal(row.getString(17)),
                row.getString(18),
                decimal(row.getString(19)),
                decimal(row.getString(20)),
                decimal(row.getString(21)));
        return new StoredEvent(
                UUID.fromString(row.getString(0)),
                row.getString(1),
                row.getOffsetDateTime(2).toInstant(),
                ConsumptionModel.valueOf(row.getString(3)),
                figures,
                DebitStatus.valueOf(row.getString(23)),
                row.getString(24),
                decimal(row.getString(25)),
                bytes(row.getBuffer(26)),
                row.getInteger(27),
                instant(row.getOffsetDateTime(28)),
                instant(row.getOffsetDateTime(29)),
                bytes(row.getBuffer(22)));
    }

    static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    private static byte[] bytes(Buffer buffer) {
        return buffer == null ? null : buffer.getBytes();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
