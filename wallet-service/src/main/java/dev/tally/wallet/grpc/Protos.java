package dev.tally.wallet.grpc;

import dev.tally.wallet.domain.BalanceEvent;
import dev.tally.wallet.domain.EntryType;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.TransactionType;

/** The enums of the contract and their domain counterparts. */
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
            case GRANT_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.tally.wallet.v1.GrantSource grantSource(GrantSource source) {
        return dev.tally.wallet.v1.GrantSource.valueOf("GRANT_SOURCE_" + source.name());
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
            case TRANSACTION_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static TransactionType transactionType(EntryType type) {
        return TransactionType.valueOf("TRANSACTION_TYPE_" + type.name());
    }

    static BalanceEventKind eventKind(BalanceEvent.Kind kind) {
        return BalanceEventKind.valueOf("BALANCE_EVENT_KIND_" + kind.name());
    }
}
