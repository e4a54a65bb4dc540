package dev.tally.support.auth;

import io.grpc.Metadata;
import io.quarkus.grpc.auth.GrpcSecurityMechanism;
import io.quarkus.security.identity.request.AuthenticationRequest;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Reads {@code authorization: Bearer tally_sk_...} from a gRPC call's metadata for Quarkus security
 * (quarkus-grpc's {@code GrpcSecurityInterceptor} asks it before every call). A call without that
 * metadata stays anonymous, which {@code @RolesAllowed} refuses; with auth disabled every call is
 * handled and gets every scope.
 */
@Singleton
public class ApiKeySecurityMechanism implements GrpcSecurityMechanism {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";

    private final AuthConfig config;

    ApiKeySecurityMechanism(AuthConfig config) {
        this.config = config;
    }

    @Override
    public boolean handles(Metadata metadata) {
        return !config.enabled() || metadata.containsKey(AUTHORIZATION);
    }

    @Override
    public AuthenticationRequest createAuthenticationRequest(Metadata metadata) {
        if (!config.enabled()) {
            return AuthDisabledRequest.INSTANCE;
        }
        return new ApiKeyRequest(bearerToken(metadata.get(AUTHORIZATION)));
    }

    /** The token of a {@code Bearer} credential (the scheme in any case), or null. */
    static String bearerToken(String authorization) {
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization
                        .substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }
}
