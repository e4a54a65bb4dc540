package dev.tally.support.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A call made while {@code tally.auth.enabled=false}: it gets every scope ({@link AuthDisabledIdentityProvider}). */
public final class AuthDisabledRequest extends BaseAuthenticationRequest {

    static final AuthDisabledRequest INSTANCE = new AuthDisabledRequest();

    private AuthDisabledRequest() {}
}
