package dev.tally.support.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every call this service makes to another one carries its own key ({@code tally.auth.service-key},
 * env {@code TALLY_AUTH_SERVICE_KEY}) unless the call already has an {@code authorization}.
 */
@ApplicationScoped
@GlobalInterceptor
public class ServiceKeyInterceptor implements ClientInterceptor {

    private final String authorization;

    ServiceKeyInterceptor(AuthConfig config) {
        this.authorization = config.serviceKey()
                .filter(k -> !k.isBlank())
                .map(k -> "Bearer " + k.trim())
                .orElse(null);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
            MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        ClientCall<ReqT, RespT> call = next.newCall(method, options);
        if (authorization == null) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                if (!headers.containsKey(ApiKeySecurityMechanism.AUTHORIZATION)) {
                    headers.put(ApiKeySecurityMechanism.AUTHORIZATION, authorization);
                }
                super.start(listener, headers);
            }
        };
    }
}
