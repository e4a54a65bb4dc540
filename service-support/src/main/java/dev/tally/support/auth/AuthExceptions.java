package dev.tally.support.auth;

import dev.tally.support.error.GrpcErrors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusException;
import io.quarkus.grpc.auth.AuthExceptionHandler;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replaces quarkus-grpc's default handler of security failures (which answers UNAUTHENTICATED or
 * PERMISSION_DENIED with the exception's message in dev and test, and without details in
 * production) with {@link GrpcErrors}: ErrorInfo reason, one message for every invalid key.
 */
@ApplicationScoped
public class AuthExceptions implements AuthExceptionHandlerProvider {

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public <ReqT, RespT> AuthExceptionHandler<ReqT, RespT> createHandler(
            ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new AuthExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusException status = GrpcErrors.toStatusException(failure);
                try {
                    serverCall.close(
                            status.getStatus(), status.getTrailers() != null ? status.getTrailers() : new Metadata());
                } catch (IllegalStateException alreadyClosed) {
                    // the call ended before the failure surfaced
                }
            }
        };
    }

    @Override
    public StatusException transformToStatusException(Throwable failure) {
        return GrpcErrors.toStatusException(failure);
    }

    @Override
    public boolean handlesException(Throwable failure) {
        return failure instanceof io.quarkus.security.AuthenticationException || failure instanceof SecurityException;
    }
}
