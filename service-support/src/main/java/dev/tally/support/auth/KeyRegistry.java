package dev.tally.support.auth;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Where keys are checked: invoice-service's own database there, invoice-service's
 * {@code VerifyApiKey} / {@code WatchApiKeyRevocations} in the other services. Each service
 * provides one bean; {@link ApiKeyVerifier} adds the cache around it.
 */
public interface KeyRegistry {

    /**
     * The key's id, scopes and expiry; fails with {@link InvalidApiKeyException} when the registry
     * does not accept the key, with anything else when the registry could not be asked.
     */
    Uni<VerifiedKey> verify(ApiKey key);

    /**
     * Revocations after {@code afterSequence} (0: from now on); the first item is the current
     * position with a null key id. Ends or fails when the registry is unreachable: the caller
     * reconnects with the last sequence it saw.
     */
    Multi<Revocation> revocations(long afterSequence);

    /** A revocation at {@code sequence} of {@code keyId} (null in a position-only item). */
    record Revocation(long sequence, String keyId) {}
}
