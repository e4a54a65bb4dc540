package dev.tally.wallet.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.shared.money.Money;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.BatchLimits;
import dev.tally.support.proto.ProtoMoney;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.app.BatchItem;
import dev.tally.wallet.domain.DebitCommand;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.ReverseCommand;
import dev.tally.wallet.domain.SettleCommand;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.SettleShortfallRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Debit requests (Debit, DebitBatch, ReverseDebit, SettleShortfall) to domain commands: every field
 * checked, all bad fields reported at once.
 */
final class DebitRequests {

    private DebitRequests() {}

    static DebitCommand debit(DebitRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, "amount", request.hasAmount(), request.getAmount());
        Instant occurred =
                ProtoTime.optional(violations, "occurred_time", request.hasOccurredTime(), request.getOccurredTime());
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description =
                Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        Fields.metadata(violations, request.getMetadataMap(), "metadata");
        violations.throwIfAny();
        return new DebitCommand(customerId, amount, occurred, key, reference, description, request.getMetadataMap());
    }

    /**
     * DebitBatch: 1 to {@code maxItems} items (otherwise INVALID_ARGUMENT on {@code debits}), each
     * its command or why it is invalid (field paths within the item).
     */
    static List<BatchItem<DebitResult>> debitBatch(DebitBatchRequest request, int maxItems) {
        BatchLimits.requireSize("debits", request.getDebitsCount(), maxItems);
        List<BatchItem<DebitResult>> items = new ArrayList<>(request.getDebitsCount());
        for (DebitRequest debit : request.getDebitsList()) {
            try {
                items.add(BatchItem.of(debit(debit)));
            } catch (TallyException invalid) {
                items.add(BatchItem.invalid(invalid));
            }
        }
        return items;
    }

    static ReverseCommand reverseDebit(ReverseDebitRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        UUID debitId = Fields.id(violations, request.getDebitId(), "debit_id");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reason = Fields.text(violations, request.getReason(), Fields.MAX_DESCRIPTION_LENGTH, "reason");
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        violations.throwIfAny();
        return new ReverseCommand(customerId, debitId, key, reason, reference);
    }

    static SettleCommand settleShortfall(SettleShortfallRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = ProtoMoney.unit(violations, "currency_code", request.getCurrencyCode(), true);
        TimeRange range = request.getTimeRange();
        Instant from =
                ProtoTime.optional(violations, "time_range.start_time", range.hasStartTime(), range.getStartTime());
        Instant until = ProtoTime.required(violations, "time_range.end_time", range.hasEndTime(), range.getEndTime());
        violations.check(
                from != null && until != null && !until.isAfter(from),
                "time_range.end_time",
                "must be after start_time");
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new SettleCommand(customerId, unit, from, until, reference, key);
    }
}
