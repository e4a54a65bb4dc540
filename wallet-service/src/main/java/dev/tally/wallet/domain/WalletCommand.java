package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An idempotent call that changes one balance of one wallet. The store locks the wallet, replays
 * the stored response when the key was already used for the same request (or refuses a different
 * one), otherwise applies the command to the balance and stores the response, all in one
 * transaction.
 *
 * @param <R> what the call returns
 */
public interface WalletCommand<R> {

    String customerId();

    String idempotencyKey();

    /** The balance the command changes. */
    String unit();

    OperationKind kind();

    /** True when the call creates a missing wallet; otherwise a missing wallet is WALLET_NOT_FOUND. */
    default boolean createsWallet() {
        return false;
    }

    /** Identifies the request: the same key with another fingerprint is IDEMPOTENCY_KEY_REUSED. */
    byte[] fingerprint();

    /** The operation recorded on the ledger entries this call writes. */
    Operation operation(UUID id, Instant at);

    /** Decides the change on the locked balance. */
    R applyTo(BalanceBook book, Operation op);
}
