package dev.tally.usage.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.v1.ItemError;
import dev.tally.support.proto.ProtoTime;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.ingest.EventMessages;
import dev.tally.usage.v1.UsageEvent;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.util.UUID;

/** Reads usage_event rows: the columns every reader selects, and the row as a {@link StoredEvent}. */
final class EventReader {

    static final String COLUMNS = "event_id::text, customer_id, occurred_time, consumption_model, period_start,"
            + " feature_code, model_id, provider, cost_currency, units::text, input_tokens, output_tokens,"
            + " cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, provider_cost::text,"
            + " charge_amount::text, charge_currency, margin_amount::text, included_units::text, overage_units::text,"
            + " detail, debit_status, debit_id, debit_shortfall::text, debit_error, revision, void_time, amend_time";

    private EventReader() {
    }

    static StoredEvent read(Row row) {
        long[] tokens = new long[6];
        for (int i = 0; i < 6; i++) {
            tokens[i] = row.getLong(10 + i);
        }
        EventFigures figures = new EventFigures(row.getString(1), row.getOffsetDateTime(4).toInstant(), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), decimal(row.getString(9)), tokens,
                decimal(row.getString(16)), decimal(row.getString(17)), row.getString(18), decimal(row.getString(19)),
                decimal(row.getString(20)), decimal(row.getString(21)));
        UsageEvent.Builder event = parse(row.getBuffer(22).getBytes()).toBuilder()
                .setDebitStatus(EventMessages.debitStatus(row.getString(23)))
                .setRevision(row.getInteger(27));
        String shortfall = row.getString(25);
        if (shortfall != null) {
            event.setCharge(EventMessages.withShortfall(event.getCharge(), new BigDecimal(shortfall)));
        }
        if (row.getBuffer(26) != null) {
            try {
                event.setDebitError(ItemError.parseFrom(row.getBuffer(26).getBytes()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("unreadable debit error", e);
            }
        }
        var voided = row.getOffsetDateTime(28);
        if (voided != null) {
            event.setVoidTime(ProtoTime.timestamp(voided.toInstant()));
        }
        var amended = row.getOffsetDateTime(29);
        if (amended != null) {
            event.setAmendTime(ProtoTime.timestamp(amended.toInstant()));
        }
        return new StoredEvent(UUID.fromString(row.getString(0)), row.getString(1), row.getOffsetDateTime(2).toInstant(),
                ConsumptionModel.valueOf(row.getString(3)), figures, row.getString(23), row.getString(24),
                row.getInteger(27), voided == null ? null : voided.toInstant(), event.build());
    }

    static UsageEvent parse(byte[] detail) {
        try {
            return UsageEvent.parseFrom(detail);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable event detail", e);
        }
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
