package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An idempotent call that changes one balance of one wallet. The application layer
 * ({@code app.WalletWrites}) locks the wallet, replays the stored response when the key was already
 * used for the same request (or refuses a different one), otherwise applies the command to the
 * balance and stores the response, all in one transaction.
 *
 * @param <R> what the call returns
 */
public interface WalletCommand<R> {

    String customerId();

    /** The caller's key; null for a change the service makes itself (nothing to replay, nothing stored). */
    String idempotencyKey();

    /** The balance the command changes; null: the unit of the hold or debit it names ({@link #needs()}). */
    String unit();

    OperationKind kind();

    /**
     * True when the call opens a missing wallet (and unit). Otherwise a missing wallet is an empty
     * one: nothing to expire, settle, reserve against, capture or reverse.
     */
    default boolean createsWallet() {
        return false;
    }

    /** What the balance book must hold besides the balance and its open grants. */
    default Needs needs() {
        return Needs.NOTHING;
    }

    /**
     * What the request asks, by value ({@link dev.tally.support.idempotency.PayloadHash}), without
     * the customer (the key's scope) and the RPC ({@link OperationKind#method()}): the same key
     * with another payload is IDEMPOTENCY_KEY_REUSED.
     */
    byte[] payloadHash();

    /** The operation recorded on the ledger entries this call writes. */
    Operation operation(UUID id, Instant at);

    /** Decides the change on the locked balance. */
    R applyTo(BalanceBook book, Operation op);
}
