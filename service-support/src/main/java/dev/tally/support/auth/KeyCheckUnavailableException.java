package dev.tally.support.auth;

import dev.tally.support.error.TallyException;
import io.quarkus.security.AuthenticationException;

/**
 * The key could not be checked because the registry is unreachable (and the key was not confirmed
 * recently): UNAVAILABLE with RetryInfo, not UNAUTHENTICATED: the key may well be valid. Travels
 * through Quarkus security as an authentication failure carrying the {@link TallyException} to answer.
 */
public class KeyCheckUnavailableException extends SecurityException implements AuthenticationException {

    public KeyCheckUnavailableException(TallyException answer) {
        super(answer.getMessage(), answer);
    }

    /** The UNAVAILABLE answer. */
    public TallyException answer() {
        return (TallyException) getCause();
    }
}
