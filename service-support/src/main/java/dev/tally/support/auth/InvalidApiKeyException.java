package dev.tally.support.auth;

import io.quarkus.security.AuthenticationException;

/**
 * A key the registry does not accept: malformed, unknown, wrong secret, expired or revoked. The
 * message is the same for all of them ({@link #MESSAGE}): the answer must not tell a caller which
 * keys exist. Becomes UNAUTHENTICATED {@code API_KEY_INVALID} ({@code GrpcErrors}).
 */
public class InvalidApiKeyException extends SecurityException implements AuthenticationException {

    public static final String MESSAGE =
            "missing or invalid API key: send 'authorization: Bearer tally_sk_...' with a valid, unexpired key";

    public InvalidApiKeyException() {
        super(MESSAGE);
    }
}
