package dev.tally.wallet.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.shared.money.Money;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.PageTokens;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoMoney;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.LedgerQuery;
import dev.tally.wallet.domain.ThresholdCommand;
import dev.tally.wallet.v1.BalanceView;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.TransactionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Balance requests (GetBalance, WatchBalance, ListTransactions, SetLowBalanceThreshold) to domain
 * queries and commands: every field checked, all bad fields reported at once.
 */
final class BalanceRequests {

    private BalanceRequests() {}

    /** GetBalance and WatchBalance: a customer and an optional unit. */
    static Selection selection(String customerIdField, String currencyCodeField) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, customerIdField);
        String unit = ProtoMoney.unit(violations, "currency_code", currencyCodeField, false);
        violations.throwIfAny();
        return new Selection(customerId, unit);
    }

    /** GetBalance: a customer, an optional unit and whether the grants are wanted (view FULL). */
    static BalanceRead getBalance(GetBalanceRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = ProtoMoney.unit(violations, "currency_code", request.getCurrencyCode(), false);
        Boolean withGrants = withGrants(request.getView());
        violations.check(withGrants == null, "view", "must be a known balance view");
        violations.throwIfAny();
        return new BalanceRead(new Selection(customerId, unit), Boolean.TRUE.equals(withGrants));
    }

    /** @return null for an unknown value; UNSPECIFIED means BASIC */
    static Boolean withGrants(BalanceView view) {
        return switch (view) {
            case BALANCE_VIEW_UNSPECIFIED, BALANCE_VIEW_BASIC -> false;
            case BALANCE_VIEW_FULL -> true;
            case UNRECOGNIZED -> null;
        };
    }

    /** ListTransactions: its filters, and the page asked for (the token is bound to the filters). */
    static Listing listTransactions(ListTransactionsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = ProtoMoney.unit(violations, "currency_code", request.getCurrencyCode(), false);
        TimeRange range = request.getTimeRange();
        Instant from =
                ProtoTime.optional(violations, "time_range.start_time", range.hasStartTime(), range.getStartTime());
        Instant until = ProtoTime.optional(violations, "time_range.end_time", range.hasEndTime(), range.getEndTime());
        violations.check(
                from != null && until != null && until.isBefore(from),
                "time_range.end_time",
                "must not be before start_time");
        List<EntryType> types = new ArrayList<>();
        for (int i = 0; i < request.getTypesCount(); i++) {
            EntryType type = entryType(request.getTypes(i));
            violations.check(type == null, "types[" + i + "]", "must be a known transaction type");
            types.add(type);
        }
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String filters = String.join(
                "|",
                "ListTransactions",
                request.getCustomerId(),
                request.getCurrencyCode(),
                String.valueOf(from),
                String.valueOf(until),
                types.toString(),
                String.valueOf(reference),
                String.valueOf(request.getDescending()));
        int size = Paging.pageSize(violations, request.getPageSize());
        Long after = PageTokens.decodeLong(violations, request.getPageToken(), filters);
        violations.throwIfAny();
        long start = after != null ? after : request.getDescending() ? Long.MAX_VALUE : 0L;
        Paging.PageRequest page = new Paging.PageRequest(size, after == null ? null : after.toString());
        return new Listing(
                new LedgerQuery(
                        customerId,
                        unit,
                        from,
                        until,
                        types,
                        reference,
                        request.getDescending(),
                        start,
                        page.fetchSize()),
                page,
                filters);
    }

    static ThresholdCommand lowBalanceThreshold(SetLowBalanceThresholdRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = ProtoMoney.unit(violations, "currency_code", request.getCurrencyCode(), true);
        Money threshold =
                request.hasThreshold() ? Fields.amount(violations, "threshold", true, request.getThreshold()) : null;
        if (threshold != null && unit != null && !threshold.currency().equals(unit)) {
            violations.add("threshold.currency_code", "must equal currency_code (" + unit + ")");
        }
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ThresholdCommand(customerId, unit, threshold == null ? null : threshold.amount(), key);
    }

    /** @return null for UNSPECIFIED or an unknown value */
    static EntryType entryType(TransactionType type) {
        return switch (type) {
            case TRANSACTION_TYPE_GRANT -> EntryType.GRANT;
            case TRANSACTION_TYPE_DEBIT -> EntryType.DEBIT;
            case TRANSACTION_TYPE_EXPIRY -> EntryType.EXPIRY;
            case TRANSACTION_TYPE_SHORTFALL -> EntryType.SHORTFALL;
            case TRANSACTION_TYPE_SETTLEMENT -> EntryType.SETTLEMENT;
            case TRANSACTION_TYPE_ADJUSTMENT -> EntryType.ADJUSTMENT;
            case TRANSACTION_TYPE_HOLD -> EntryType.HOLD;
            case TRANSACTION_TYPE_HOLD_RELEASE -> EntryType.HOLD_RELEASE;
            case TRANSACTION_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    /** GetBalance: what to read and whether the grants go into the response. */
    record BalanceRead(Selection selection, boolean withGrants) {}

    /** A customer and an optional unit (null for all). */
    record Selection(String customerId, String unit) {}

    /**
     * One ListTransactions call: the ledger query (reading one entry more than the page), the page
     * asked for, and the filters its page tokens are bound to.
     */
    record Listing(LedgerQuery query, Paging.PageRequest page, String filters) {}
}
