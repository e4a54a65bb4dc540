package dev.tally.support.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replaces Quarkus' default gRPC exception handling (which answers UNKNOWN with the exception
 * class name) with {@link GrpcErrors}, for failed Uni/Multi results and for exceptions thrown
 * while a call is handled.
 */
@ApplicationScoped
public class TallyExceptionHandlerProvider implements ExceptionHandlerProvider {

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
            ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusException status = GrpcErrors.toStatusException(failure);
                Metadata trailers = status.getTrailers() != null ? status.getTrailers() : new Metadata();
                try {
                    serverCall.close(status.getStatus(), trailers);
                } catch (IllegalStateException alreadyClosed) {
                    // the call ended before the failure surfaced: nothing left to tell the client
                }
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return GrpcErrors.toStatusException(failure);
    }
}
