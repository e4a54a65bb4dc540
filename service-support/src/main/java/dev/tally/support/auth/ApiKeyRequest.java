package dev.tally.support.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * The credential of one gRPC call: the text after {@code Bearer } of its {@code authorization}
 * metadata (null when the metadata is not a bearer credential). Never logged.
 */
public final class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiKeyRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "ApiKeyRequest[***]";
    }
}
