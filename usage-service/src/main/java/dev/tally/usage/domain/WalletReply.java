package dev.tally.usage.domain;

import java.math.BigDecimal;

/** What wallet-service answered to one call of usage-service (the wallet client maps its contract to these). */
public sealed interface WalletReply {

    /**
     * Done (or a replay of a call done before): the debit now in force ({@code debitId}, null when
     * the call leaves none, e.g. a release or a reversal), its shortfall and the balance after it.
     */
    record Applied(String debitId, BigDecimal shortfall, BigDecimal balanceAfter) implements WalletReply {}

    /** A capture or release whose hold is gone (expired, released, or captured by another event). */
    record HoldGone() implements WalletReply {}

    /** Refused for good: retrying the same request cannot succeed ({@code itemError}: a tally.common.v1.ItemError). */
    record Refused(byte[] itemError, String message) implements WalletReply {}

    /** Not done now (the wallet is down, slow or overloaded): try again later. */
    record Unavailable(String error) implements WalletReply {}
}
