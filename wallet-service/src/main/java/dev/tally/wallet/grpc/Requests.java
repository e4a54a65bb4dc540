package dev.tally.wallet.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.money.Money;
import dev.tally.wallet.domain.CaptureCommand;
import dev.tally.wallet.domain.DebitCommand;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.ExpireCommand;
import dev.tally.wallet.domain.GrantCommand;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.OperationKind;
import dev.tally.wallet.domain.ReleaseCommand;
import dev.tally.wallet.domain.ReserveCommand;
import dev.tally.wallet.domain.ReverseCommand;
import dev.tally.wallet.domain.SettleCommand;
import dev.tally.wallet.domain.ThresholdCommand;
import dev.tally.wallet.store.BalanceQueries.LedgerQuery;
import dev.tally.wallet.store.BatchItem;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.TopUpRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Requests to domain commands and queries: every field checked, all bad fields reported at once. */
final class Requests {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private Requests() {
    }

    static DebitCommand debit(DebitRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, request.hasAmount(), request.getAmount(), "amount");
        Instant occurred = Fields.time(violations, request.hasOccurredTime(), request.getOccurredTime(), "occurred_time");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        Fields.metadata(violations, request.getMetadataMap(), "metadata");
        violations.throwIfAny();
        return new DebitCommand(customerId, amount, occurred, key, reference, description, request.getMetadataMap());
    }

    static GrantCommand topUp(TopUpRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, request.hasAmount(), request.getAmount(), "amount");
        if (amount != null && Money.CREDITS.equals(amount.currency())) {
            violations.add("amount.currency_code", "must be an ISO 4217 currency: credits are granted, not topped up");
        }
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        violations.throwIfAny();
        return new GrantCommand(OperationKind.TOP_UP, customerId, amount, GrantSource.TOP_UP, null, null, 0, null,
                reference, description, key);
    }

    static GrantCommand grantCredits(GrantCreditsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, request.hasAmount(), request.getAmount(), "amount");
        GrantSource source = Protos.grantSource(request.getSource());
        violations.check(source == null, "source", "must be set");
        violations.check(source == GrantSource.REFUND, "source", "REFUND grants are made by ReverseDebit only");
        Instant effective = Fields.time(violations, request.hasEffectiveTime(), request.getEffectiveTime(), "effective_time");
        Instant expire = Fields.time(violations, request.hasExpireTime(), request.getExpireTime(), "expire_time");
        String period = Fields.text(violations, request.getPeriodReference(), Fields.MAX_REFERENCE_LENGTH, "period_reference");
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new GrantCommand(OperationKind.GRANT_CREDITS, customerId, amount, source, effective, expire,
                request.getPriority(), period, reference, description, key);
    }

    static ExpireCommand expireGrants(ExpireGrantsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = Fields.unit(violations, request.getCurrencyCode(), "currency_code", true);
        Instant asOf = Fields.requiredTime(violations, request.hasExpireTime(), request.getExpireTime(), "expire_time");
        GrantSource source = Protos.grantSource(request.getSource());
        violations.check(source == null && request.getSourceValue() != 0, "source", "unknown grant source");
        String period = Fields.text(violations, request.getPeriodReference(), Fields.MAX_REFERENCE_LENGTH, "period_reference");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ExpireCommand(customerId, unit, asOf, source, period, key);
    }

    static SettleCommand settleShortfall(SettleShortfallRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = Fields.unit(violations, request.getCurrencyCode(), "currency_code", true);
        TimeRange range = request.getTimeRange();
        Instant from = Fields.time(violations, range.hasStartTime(), range.getStartTime(), "time_range.start_time");
        Instant until = Fields.requiredTime(violations, range.hasEndTime(), range.getEndTime(), "time_range.end_time");
        violations.check(from != null && until != null && !until.isAfter(from), "time_range.end_time",
                "must be after start_time");
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new SettleCommand(customerId, unit, from, until, reference, key);
    }

    static ReserveCommand reserve(ReserveRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, request.hasAmount(), request.getAmount(), "amount");
        Instant expire = Fields.time(violations, request.hasExpireTime(), request.getExpireTime(), "expire_time");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        violations.throwIfAny();
        return new ReserveCommand(customerId, amount, expire, key, reference, description);
    }

    static CaptureCommand capture(CaptureRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        UUID holdId = Fields.id(violations, request.getHoldId(), "hold_id");
        Money amount = Fields.nonNegativeAmount(violations, request.hasFinalAmount(), request.getFinalAmount(), "final_amount");
        Instant occurred = Fields.time(violations, request.hasOccurredTime(), request.getOccurredTime(), "occurred_time");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        Fields.metadata(violations, request.getMetadataMap(), "metadata");
        violations.throwIfAny();
        return new CaptureCommand(customerId, holdId, amount, occurred, key, reference, description,
                request.getMetadataMap());
    }

    static ReleaseCommand release(ReleaseRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        UUID holdId = Fields.id(violations, request.getHoldId(), "hold_id");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ReleaseCommand(customerId, holdId, key);
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

    static ThresholdCommand lowBalanceThreshold(SetLowBalanceThresholdRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = Fields.unit(violations, request.getCurrencyCode(), "currency_code", true);
        Money threshold = request.hasThreshold()
                ? Fields.amount(violations, true, request.getThreshold(), "threshold") : null;
        if (threshold != null && unit != null && !threshold.currency().equals(unit)) {
            violations.add("threshold.currency_code", "must equal currency_code (" + unit + ")");
        }
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ThresholdCommand(customerId, unit, Fields.orNull(threshold), key);
    }

    /** GetBalance and WatchBalance: a customer and an optional unit. */
    static Selection selection(String customerIdField, String currencyCodeField) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, customerIdField);
        String unit = Fields.unit(violations, currencyCodeField, "currency_code", false);
        violations.throwIfAny();
        return new Selection(customerId, unit);
    }

    /** ListTransactions; asks one entry more than the page size to know whether a next page exists. */
    static LedgerQuery listTransactions(ListTransactionsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = Fields.unit(violations, request.getCurrencyCode(), "currency_code", false);
        TimeRange range = request.getTimeRange();
        Instant from = Fields.time(violations, range.hasStartTime(), range.getStartTime(), "time_range.start_time");
        Instant until = Fields.time(violations, range.hasEndTime(), range.getEndTime(), "time_range.end_time");
        violations.check(from != null && until != null && until.isBefore(from), "time_range.end_time",
                "must not be before start_time");
        List<EntryType> types = new ArrayList<>();
        for (int i = 0; i < request.getTypesCount(); i++) {
            EntryType type = Protos.entryType(request.getTypes(i));
            violations.check(type == null, "types[" + i + "]", "must be a known transaction type");
            types.add(type);
        }
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        violations.check(request.getPageSize() < 0, "page_size", "must not be negative");
        Long after = null;
        try {
            after = PageTokens.decode(request.getPageToken());
        } catch (IllegalArgumentException notOurs) {
            violations.add("page_token", "is not a token this service issued");
        }
        violations.throwIfAny();
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
        long start = after != null ? after : request.getDescending() ? Long.MAX_VALUE : 0L;
        return new LedgerQuery(customerId, unit, from, until, types, reference, request.getDescending(), start, size + 1);
    }

    /** A DebitBatch item: its command, or why it is invalid (field paths within the item). */
    static BatchItem<DebitResult> debitItem(DebitRequest request) {
        try {
            return BatchItem.of(debit(request));
        } catch (TallyException invalid) {
            return BatchItem.invalid(invalid);
        }
    }

    /** A customer and an optional unit (null for all). */
    record Selection(String customerId, String unit) {
    }
}
