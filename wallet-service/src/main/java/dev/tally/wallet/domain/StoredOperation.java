package dev.tally.wallet.domain;

import dev.tally.support.error.TallyException;

import java.util.Arrays;

/** An idempotency record: the fingerprint of the request that used a key and the response given. */
public record StoredOperation(byte[] requestHash, byte[] response) {

    /**
     * The stored response when {@code command} asks the same thing again.
     *
     * @throws TallyException ALREADY_EXISTS IDEMPOTENCY_KEY_REUSED when it asks something else
     */
    public byte[] replayFor(WalletCommand<?> command) {
        if (!Arrays.equals(requestHash, command.fingerprint())) {
            throw TallyException.idempotencyKeyReused(command.idempotencyKey());
        }
        return response;
    }
}
