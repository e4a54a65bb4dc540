package dev.tally.wallet.grpc;

import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.money.Money;
import dev.tally.wallet.domain.DebitCommand;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.ExpireCommand;
import dev.tally.wallet.domain.GrantCommand;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.OperationKind;
import dev.tally.wallet.domain.SettleCommand;
import dev.tally.wallet.domain.ThresholdCommand;
import dev.tally.wallet.store.BalanceQueries.LedgerQuery;
import dev.tally.wallet.store.BatchItem;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.TopUpRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        Fields.metadata(violations, request.getMetadataMap(), "metadata");
        violations.throwIfAny();
        return new DebitCommand(customerId, amount, key, reference, description, request.getMetadataMap());
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
        return new GrantCommand(OperationKind.TOP_UP, customerId, amount, GrantSource.TOP_UP, null, 0, null,
                reference, description, key);
    }

    static GrantCommand grantCredits(GrantCreditsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, request.hasAmount(), request.getAmount(), "amount");
        GrantSource source = Protos.grantSource(request.getSource());
        violations.check(source == null, "source", "must be set");
        String period = Fields.text(violations, request.getPeriodReference(), Fields.MAX_REFERENCE_LENGTH, "period_reference");
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description = Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        Instant expiresAt = request.hasExpiresAt() ? Fields.instant(request.getExpiresAt()) : null;
        return new GrantCommand(OperationKind.GRANT_CREDITS, customerId, amount, source, expiresAt,
                request.getPriority(), period, reference, description, key);
    }

    static ExpireCommand expireGrants(ExpireGrantsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = Fields.unit(violations, request.getCurrencyCode(), "currency_code", true);
        violations.check(!request.hasAsOf(), "as_of", "must be set");
        GrantSource source = Protos.grantSource(request.getSource());
        violations.check(source == null && request.getSourceValue() != 0, "source", "unknown grant source");
        String period = Fields.text(violations, request.getPeriodReference(), Fields.MAX_REFERENCE_LENGTH, "period_reference");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ExpireCommand(customerId, unit, Fields.instant(request.getAsOf()), source, period, key);
    }

    static SettleCommand settleShortfall(SettleShortfallRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money max = Fields.positiveAmount(violations, request.hasMaxAmount(), request.getMaxAmount(), "max_amount");
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new SettleCommand(customerId, max, reference, key);
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
        Instant from = request.getTimeRange().hasStartTime() ? Fields.instant(request.getTimeRange().getStartTime()) : null;
        Instant until = request.getTimeRange().hasEndTime() ? Fields.instant(request.getTimeRange().getEndTime()) : null;
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
