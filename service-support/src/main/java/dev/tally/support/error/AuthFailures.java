package dev.tally.support.error;

import dev.tally.support.auth.InvalidApiKeyException;
import dev.tally.support.auth.KeyCheckUnavailableException;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import java.util.Map;

/**
 * Quarkus security's refusals as Tally answers, the same whichever way they surface (a failed
 * Uni/Multi of an RPC method, or quarkus-grpc's auth exception handler):
 * <ul>
 * <li>no credential ({@link UnauthorizedException}: anonymous caller) or a failed authentication
 * (malformed, unknown, wrong secret, expired, revoked): UNAUTHENTICATED {@code API_KEY_INVALID}, one
 * message for all, so that nothing tells whether a key exists;</li>
 * <li>the registry unreachable for a key not confirmed recently: UNAVAILABLE with RetryInfo;</li>
 * <li>a valid key without the RPC's role ({@link ForbiddenException}): PERMISSION_DENIED
 * {@code MISSING_SCOPE}; {@code dev.tally.support.auth.ScopeGate} adds the scope's name, which
 * only the call knows.</li>
 * </ul>
 */
public final class AuthFailures {

    private AuthFailures() {}

    /** The answer to {@code t} if it is a security refusal, else null. */
    static TallyException answer(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KeyCheckUnavailableException unavailable) {
                return unavailable.answer();
            }
        }
        if (t instanceof AuthenticationException || t instanceof UnauthorizedException) {
            return unauthenticated();
        }
        if (t instanceof ForbiddenException) {
            return new TallyException(Reason.MISSING_SCOPE, "the API key lacks the scope this RPC requires");
        }
        return null;
    }

    public static TallyException unauthenticated() {
        return new TallyException(Reason.API_KEY_INVALID, InvalidApiKeyException.MESSAGE);
    }

    public static TallyException missingScope(String scope) {
        return new TallyException(
                Reason.MISSING_SCOPE,
                "the API key lacks the scope " + scope + " that this RPC requires",
                Map.of("scope", scope));
    }
}
