package dev.tally.support.auth;

import com.google.rpc.ErrorInfo;
import dev.tally.support.error.AuthFailures;
import dev.tally.support.error.GrpcErrors;
import dev.tally.support.error.Reason;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.arc.ClientProxy;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.GrpcService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two rules around Quarkus security, on every gRPC call (outside quarkus-grpc's security
 * interceptor, inside {@code StatusMessageInterceptor}):
 * <ul>
 * <li>a PERMISSION_DENIED {@code MISSING_SCOPE} answer names the scope the RPC requires (metadata
 * {@code scope}), read from the method's {@code @RolesAllowed} ({@link ScopeTable});</li>
 * <li>gRPC reflection requires a valid key (any scope) unless {@code tally.auth.reflection-open}:
 * reflection is not a Tally service, so no {@code @RolesAllowed} can guard it. gRPC health stays open.</li>
 * </ul>
 */
@Singleton
@GlobalInterceptor
public class ScopeGate implements ServerInterceptor, Prioritized {

    private final AuthConfig config;
    private final Instance<BindableService> services;
    private final ApiKeyVerifier verifier;
    private volatile Map<String, List<String>> scopes;

    ScopeGate(AuthConfig config, @GrpcService Instance<BindableService> services, ApiKeyVerifier verifier) {
        this.config = config;
        this.services = services;
        this.verifier = verifier;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        ServerCall<ReqT, RespT> naming = new ScopeNamingCall<>(call);
        if (config.enabled()
                && !config.reflectionOpen()
                && call.getMethodDescriptor().getServiceName() != null
                && call.getMethodDescriptor().getServiceName().startsWith("grpc.reflection.")) {
            return reflection(naming, headers, next);
        }
        return next.startCall(naming, headers);
    }

    private <ReqT, RespT> ServerCall.Listener<ReqT> reflection(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        Optional<ApiKey> key =
                ApiKey.parse(ApiKeySecurityMechanism.bearerToken(headers.get(ApiKeySecurityMechanism.AUTHORIZATION)));
        if (key.isEmpty()) {
            close(call, AuthFailures.unauthenticated());
            return new ServerCall.Listener<>() {};
        }
        DeferredListener<ReqT> deferred = new DeferredListener<>();
        Context context = Vertx.currentContext();
        verifier.verify(key.get())
                .subscribe()
                .with(
                        verified -> onContext(context, () -> deferred.start(next.startCall(call, headers))),
                        failure -> onContext(context, () -> {
                            deferred.drop();
                            close(call, failure);
                        }));
        return deferred;
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private static void close(ServerCall<?, ?> call, Throwable failure) {
        StatusException status = GrpcErrors.toStatusException(failure);
        call.close(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : new Metadata());
    }

    /** The scope {@code fullMethodName} requires, or null. */
    String scopeOf(String fullMethodName) {
        Map<String, List<String>> table = scopes;
        if (table == null) {
            Map<String, List<String>> all = new HashMap<>();
            for (BindableService service : services) {
                Object target = ClientProxy.unwrap(service);
                all.putAll(
                        ScopeTable.of(target.getClass(), service.bindService().getServiceDescriptor()));
            }
            scopes = table = Map.copyOf(all);
        }
        List<String> roles = table.get(fullMethodName);
        return roles == null || roles.isEmpty() ? null : String.join(" or ", roles);
    }

    /** Higher than quarkus-grpc's security interceptor (Integer.MAX_VALUE - 100): its closes pass through here. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 10;
    }

    private final class ScopeNamingCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        ScopeNamingCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (status.getCode() == Status.Code.PERMISSION_DENIED && unnamedMissingScope(status, trailers)) {
                String scope = scopeOf(getMethodDescriptor().getFullMethodName());
                if (scope != null) {
                    StatusException named = GrpcErrors.toStatusException(AuthFailures.missingScope(scope));
                    super.close(named.getStatus(), named.getTrailers());
                    return;
                }
            }
            super.close(status, trailers);
        }
    }

    private static boolean unnamedMissingScope(Status status, Metadata trailers) {
        com.google.rpc.Status details = trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
        if (details == null) {
            return true;
        }
        return details.getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .findFirst()
                .map(any -> {
                    try {
                        ErrorInfo info = any.unpack(ErrorInfo.class);
                        return Reason.MISSING_SCOPE.name().equals(info.getReason()) && !info.containsMetadata("scope");
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        return false;
                    }
                })
                .orElse(true);
    }
}
