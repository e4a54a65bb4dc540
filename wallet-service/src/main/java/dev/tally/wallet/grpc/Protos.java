package dev.tally.wallet.grpc;

import dev.tally.wallet.domain.BalanceEvent;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.HoldState;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.TransactionType;

/** The enums of the contract and their domain counterparts, mapped by exhaustive switches. */
final class Protos {

    private Protos() {
    }

    /** @return null for UNSPECIFIED or an unknown value */
    static GrantSource grantSource(dev.tally.wallet.v1.GrantSource source) {
        return switch (source) {
            case GRANT_SOURCE_SUBSCRIPTION -> GrantSource.SUBSCRIPTION;
            case GRANT_SOURCE_PACK -> GrantSource.PACK;
            case GRANT_SOURCE_TOP_UP -> GrantSource.TOP_UP;
            case GRANT_SOURCE_PROMO -> GrantSource.PROMO;
            case GRANT_SOURCE_PERIOD_BALANCE -> GrantSource.PERIOD_BALANCE;
            case GRANT_SOURCE_REFUND -> GrantSource.REFUND;
            case GRANT_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
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

    static dev.tally.wallet.v1.HoldState holdState(HoldState state) {
        return switch (state) {
            case ACTIVE -> dev.tally.wallet.v1.HoldState.HOLD_STATE_ACTIVE;
            case CAPTURED -> dev.tally.wallet.v1.HoldState.HOLD_STATE_CAPTURED;
            case RELEASED -> dev.tally.wallet.v1.HoldState.HOLD_STATE_RELEASED;
            case EXPIRED -> dev.tally.wallet.v1.HoldState.HOLD_STATE_EXPIRED;
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
