package dev.tally.support.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * With {@code tally.auth.enabled=false} (the services' own tests) every call acts with every scope,
 * so the same {@code @RolesAllowed} annotations stay in place.
 */
@ApplicationScoped
public class AuthDisabledIdentityProvider implements IdentityProvider<AuthDisabledRequest> {

    private static final SecurityIdentity EVERY_SCOPE =
            ApiKeyIdentityProvider.identity(new VerifiedKey("auth-disabled", Set.copyOf(Scopes.ALL), null));

    @Override
    public Class<AuthDisabledRequest> getRequestType() {
        return AuthDisabledRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AuthDisabledRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(EVERY_SCOPE);
    }
}
