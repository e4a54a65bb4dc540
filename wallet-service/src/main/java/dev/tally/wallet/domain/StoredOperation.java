package dev.tally.wallet.domain;

import dev.tally.support.error.TallyException;

import java.util.Arrays;

/** An idempotency record: the fingerprint of the request that used a key and the response given. */
public record StoredOperation(byte[] requestHash, byte[] response) {

    /**
     * The stored response when a request with this {@link WalletCommand#fingerprint() fingerprint}
     * asks the same thing again.
     *
     * @throws TallyException ALREADY_EXISTS IDEMPOTENCY_KEY_REUSED when it asks something else
     */
    public byte[] replayFor(byte[] fingerprint, String idempotencyKey) {
        if (!Arrays.equals(requestHash, fingerprint)) {
            throw TallyException.idempotencyKeyReused(idempotencyKey);
        }
        return response;
    }
}
