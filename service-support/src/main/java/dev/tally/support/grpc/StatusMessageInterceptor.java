package dev.tally.support.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the status message reach every client as written, whatever its language.
 * <p>
 * With {@code quarkus.grpc.server.use-separate-server=false} (every Tally service), Quarkus serves
 * gRPC through Vert.x's gRPC server bridge ({@code vertx-grpc-server} 4.5,
 * {@code GrpcServiceBridgeImpl.ServerCallImpl.close} → {@code GrpcServerResponseImpl}), which writes
 * {@code grpc-message} with {@code URLEncoder} ({@code io.vertx.grpc.common.impl.Utils.utf8PercentEncode}):
 * it escapes {@code :}, {@code ,}, {@code [}, {@code /} … that the protocol leaves plain, and
 * grpc-js, which decodes with {@code decodeURI}, shows them as {@code %3A}, {@code %2C}. The
 * bridge writes no message of its own when the status has no description, and copies the call's
 * trailers as they are. So this interceptor, the outermost of all (highest priority: it wraps the
 * transport's call, so every close passes through it, including the exception handler's), moves
 * the description into a {@code grpc-message} trailer encoded by {@link StatusMessages} (the
 * protocol's encoding, as grpc-java's Netty transport writes it) and closes with a status without
 * description. Clients decode the message from that trailer as usual.
 * <p>
 * On grpc-java's own transports (a separate server, in-process) the transport encodes correctly and
 * replaces any {@code grpc-message} trailer with the description, so there the interceptor does
 * nothing.
 */
@Singleton
@GlobalInterceptor
public class StatusMessageInterceptor implements ServerInterceptor, Prioritized {

    /** The {@code grpc-message} trailer, written with the protocol's percent-encoding. */
    static final Metadata.Key<String> MESSAGE = Metadata.Key.of("grpc-message", new Metadata.AsciiMarshaller<>() {
        @Override
        public String toAsciiString(String message) {
            return StatusMessages.encode(message);
        }

        @Override
        public String parseAsciiString(String serialized) {
            return StatusMessages.decode(serialized);
        }
    });

    private final boolean vertxTransport;

    StatusMessageInterceptor(
            @ConfigProperty(name = "quarkus.grpc.server.use-separate-server", defaultValue = "true")
                    boolean separateServer) {
        this.vertxTransport = !separateServer;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        return next.startCall(vertxTransport ? new EncodingCall<>(call) : call, headers);
    }

    /** Called first of all interceptors: its call wraps the transport's. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    /** The description of a status, moved into its trailers with the protocol's encoding. */
    static Status withMessageInTrailers(Status status, Metadata trailers) {
        if (status.isOk() || status.getDescription() == null) {
            return status;
        }
        trailers.discardAll(MESSAGE);
        trailers.put(MESSAGE, status.getDescription());
        return Status.fromCode(status.getCode()).withCause(status.getCause());
    }

    private static final class EncodingCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        EncodingCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            super.close(withMessageInTrailers(status, trailers), trailers);
        }
    }
}
