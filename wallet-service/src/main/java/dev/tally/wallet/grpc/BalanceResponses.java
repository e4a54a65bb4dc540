package dev.tally.wallet.grpc;

import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.domain.BalanceEvent;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.ShortfallTimes;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.ListTransactionsResponse;
import dev.tally.wallet.v1.SetLowBalanceThresholdResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import dev.tally.wallet.v1.WatchBalanceResponse;
import java.math.BigDecimal;
import java.util.List;

/**
 * Balances, grants and ledger entries to their messages (GetBalance, WatchBalance, ListTransactions,
 * SetLowBalanceThreshold; the other responses embed them). Never fails.
 */
final class BalanceResponses {

    static final Replies<SetLowBalanceThresholdResponse> LOW_BALANCE_THRESHOLD = Replies.of(
            SetLowBalanceThresholdResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private BalanceResponses() {}

    /** GetBalance: the balances, with their grants only when asked for (view FULL). */
    static GetBalanceResponse getBalance(List<BalanceView> balances, boolean withGrants) {
        GetBalanceResponse.Builder response = GetBalanceResponse.newBuilder();
        balances.forEach(balance -> response.addBalances(balance(balance, withGrants)));
        return response.build();
    }

    static WatchBalanceResponse watchEvent(BalanceEvent event) {
        WatchBalanceResponse.Builder response = WatchBalanceResponse.newBuilder()
                .setKind(eventKind(event.kind()))
                .setBalance(balance(event.balance()));
        event.entries().forEach(entry -> response.addTransactions(transaction(entry)));
        return response.build();
    }

    static ListTransactionsResponse listTransactions(BalanceRequests.Listing listing, List<LedgerEntry> entries) {
        Paging.Page<LedgerEntry> page =
                Paging.page(entries, listing.page(), e -> String.valueOf(e.entryId()), listing.filters());
        ListTransactionsResponse.Builder response =
                ListTransactionsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(entry -> response.addTransactions(transaction(entry)));
        return response.build();
    }

    static SetLowBalanceThresholdResponse lowBalanceThreshold(BalanceView balance) {
        return SetLowBalanceThresholdResponse.newBuilder()
                .setBalance(balance(balance))
                .build();
    }

    static Balance balance(BalanceView view) {
        return balance(view, true);
    }

    private static Balance balance(BalanceView view, boolean withGrants) {
        String unit = view.unit();
        ShortfallTimes.Unbilled unbilled = view.unbilled();
        Balance.Builder balance = Balance.newBuilder()
                .setCustomerId(view.customerId())
                .setCurrencyCode(unit)
                .setAvailable(money(view.available(), unit))
                .setGranted(money(view.granted(), unit))
                .setShortfall(money(view.shortfall(), unit))
                .setHeld(money(view.held(), unit))
                .setUpcoming(money(view.upcoming(), unit))
                .setLapsed(money(view.lapsed(), unit))
                .setVersion(view.version())
                .setBelowLowBalanceThreshold(view.belowThreshold())
                .setUnbilledShortfall(money(unbilled.amount(), unit));
        if (unbilled.from() != null) {
            balance.setUnbilledShortfallTimeRange(TimeRange.newBuilder()
                    .setStartTime(ProtoTime.timestamp(unbilled.from()))
                    .setEndTime(ProtoTime.timestamp(unbilled.until())));
        }
        if (withGrants) {
            view.grants().forEach(grant -> balance.addGrants(grant(grant)));
        }
        if (view.threshold() != null) {
            balance.setLowBalanceThreshold(money(view.threshold(), unit));
        }
        if (view.updateTime() != null) {
            balance.setUpdateTime(ProtoTime.timestamp(view.updateTime()));
        }
        return balance.build();
    }

    static Grant grant(dev.tally.wallet.domain.Grant grant) {
        Grant.Builder proto = Grant.newBuilder()
                .setGrantId(grant.id().toString())
                .setCustomerId(grant.customerId())
                .setSource(grantSource(grant.source()))
                .setOriginalAmount(money(grant.originalAmount(), grant.unit()))
                .setRemainingAmount(money(grant.remainingAmount(), grant.unit()))
                .setEffectiveTime(ProtoTime.timestamp(grant.effectiveTime()))
                .setPriority(grant.priority())
                .setPeriodReference(orEmpty(grant.periodReference()))
                .setReference(orEmpty(grant.reference()))
                .setDescription(orEmpty(grant.description()))
                .setCreateTime(ProtoTime.timestamp(grant.createTime()));
        if (grant.expireTime() != null) {
            proto.setExpireTime(ProtoTime.timestamp(grant.expireTime()));
        }
        if (grant.period() != null) {
            proto.setPeriod(TimeRange.newBuilder()
                    .setStartTime(ProtoTime.timestamp(grant.period().start()))
                    .setEndTime(ProtoTime.timestamp(grant.period().end())));
        }
        if (grant.closeTime() != null) {
            proto.setCloseTime(ProtoTime.timestamp(grant.closeTime()));
        }
        return proto.build();
    }

    static Transaction transaction(LedgerEntry entry) {
        String unit = entry.unit();
        Transaction.Builder transaction = Transaction.newBuilder()
                .setTransactionId(String.valueOf(entry.entryId()))
                .setCustomerId(entry.customerId())
                .setType(transactionType(entry.type()))
                .setAmount(money(entry.amount(), unit))
                .setBalanceAfter(money(entry.balanceAfter(), unit))
                .setShortfallAfter(money(entry.shortfallAfter(), unit))
                .setBalanceVersion(entry.version())
                .setGrantId(orEmpty(entry.grantId()))
                .setDebitId(orEmpty(entry.debitId()))
                .setHoldId(orEmpty(entry.holdId()))
                .setReference(orEmpty(entry.reference()))
                .setIdempotencyKey(orEmpty(entry.idempotencyKey()))
                .setDescription(orEmpty(entry.description()))
                .putAllMetadata(entry.metadata())
                .setCreateTime(ProtoTime.timestamp(entry.createTime()))
                .setOperationId(entry.operationId().toString());
        if (entry.occurredTime() != null) {
            transaction.setOccurredTime(ProtoTime.timestamp(entry.occurredTime()));
        }
        return transaction.build();
    }

    /** An amount on the wire: plain decimal text without trailing zeros, and its unit. */
    static Money money(BigDecimal amount, String unit) {
        return Money.newBuilder()
                .setAmount(Decimals.text(amount))
                .setCurrencyCode(unit)
                .build();
    }

    static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }

    static dev.tally.wallet.v1.GrantSource grantSource(GrantSource source) {
        return switch (source) {
            case SUBSCRIPTION -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_SUBSCRIPTION;
            case PACK -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_PACK;
            case TOP_UP -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_TOP_UP;
            case PROMO -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_PROMO;
            case PERIOD_BALANCE -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_PERIOD_BALANCE;
            case REFUND -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_REFUND;
        };
    }

    static TransactionType transactionType(EntryType type) {
        return switch (type) {
            case GRANT -> TransactionType.TRANSACTION_TYPE_GRANT;
            case DEBIT -> TransactionType.TRANSACTION_TYPE_DEBIT;
            case EXPIRY -> TransactionType.TRANSACTION_TYPE_EXPIRY;
            case SHORTFALL -> TransactionType.TRANSACTION_TYPE_SHORTFALL;
            case SETTLEMENT -> TransactionType.TRANSACTION_TYPE_SETTLEMENT;
            case ADJUSTMENT -> TransactionType.TRANSACTION_TYPE_ADJUSTMENT;
            case HOLD -> TransactionType.TRANSACTION_TYPE_HOLD;
            case HOLD_RELEASE -> TransactionType.TRANSACTION_TYPE_HOLD_RELEASE;
        };
    }

    static BalanceEventKind eventKind(BalanceEvent.Kind kind) {
        return switch (kind) {
            case SNAPSHOT -> BalanceEventKind.BALANCE_EVENT_KIND_SNAPSHOT;
            case CHANGED -> BalanceEventKind.BALANCE_EVENT_KIND_CHANGED;
            case BALANCE_LOW -> BalanceEventKind.BALANCE_EVENT_KIND_BALANCE_LOW;
        };
    }
}
