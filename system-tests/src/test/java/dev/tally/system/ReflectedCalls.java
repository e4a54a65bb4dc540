package dev.tally.system;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Any RPC of a running service, called with an empty request: the service's descriptors come from
 * gRPC reflection (open on the local run), so every method of every service is reached without
 * compiling against its stubs.
 */
final class ReflectedCalls {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private ReflectedCalls() {}

    /** The service {@code fullName} as the server describes it. */
    static Descriptors.ServiceDescriptor service(Channel channel, String fullName) throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    public void onNext(ServerReflectionResponse r) {
                        answer.complete(r);
                    }

                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(fullName)
                .build());
        requests.onCompleted();
        Map<String, FileDescriptorProto> files = new HashMap<>();
        for (var bytes :
                answer.get(10, TimeUnit.SECONDS).getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
            files.put(file.getName(), file);
        }
        Map<String, Descriptors.FileDescriptor> built = new HashMap<>();
        for (FileDescriptorProto file : files.values()) {
            Descriptors.ServiceDescriptor found = build(file.getName(), files, built)
                    .findServiceByName(fullName.substring(fullName.lastIndexOf('.') + 1));
            if (found != null && found.getFullName().equals(fullName)) {
                return found;
            }
        }
        throw new IllegalStateException(fullName + " not described by reflection");
    }

    private static Descriptors.FileDescriptor build(
            String name, Map<String, FileDescriptorProto> files, Map<String, Descriptors.FileDescriptor> built)
            throws Exception {
        Descriptors.FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto file = files.get(name);
        List<String> deps = file.getDependencyList();
        Descriptors.FileDescriptor[] resolved = new Descriptors.FileDescriptor[deps.size()];
        for (int i = 0; i < deps.size(); i++) {
            resolved[i] = build(deps.get(i), files, built);
        }
        Descriptors.FileDescriptor result = Descriptors.FileDescriptor.buildFrom(file, resolved);
        built.put(name, result);
        return result;
    }

    /**
     * Calls {@code method} with one empty request (and half-closes), with {@code key} as bearer
     * credential (null: none); returns OK when a first response arrives, else the closing status.
     */
    static Status call(Channel channel, Descriptors.MethodDescriptor method, String key) throws Exception {
        MethodDescriptor<DynamicMessage, DynamicMessage> descriptor =
                MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                        .setType(type(method))
                        .setFullMethodName(MethodDescriptor.generateFullMethodName(
                                method.getService().getFullName(), method.getName()))
                        .setRequestMarshaller(new Dynamic(method.getInputType()))
                        .setResponseMarshaller(new Dynamic(method.getOutputType()))
                        .build();
        ClientCall<DynamicMessage, DynamicMessage> call =
                channel.newCall(descriptor, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS));
        CompletableFuture<Status> outcome = new CompletableFuture<>();
        Metadata headers = new Metadata();
        if (key != null) {
            headers.put(AUTHORIZATION, "Bearer " + key);
        }
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(DynamicMessage message) {
                        outcome.complete(Status.OK);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        outcome.complete(status.withCause(new TrailersHolder(trailers)));
                    }
                },
                headers);
        call.request(1);
        call.sendMessage(DynamicMessage.getDefaultInstance(method.getInputType()));
        call.halfClose();
        Status status = outcome.get(20, TimeUnit.SECONDS);
        call.cancel("done", null);
        return status;
    }

    /** Carries a closing status's trailers (for its ErrorInfo) through {@link Status#getCause()}. */
    static final class TrailersHolder extends RuntimeException {
        final transient Metadata trailers;

        TrailersHolder(Metadata trailers) {
            super(null, null, false, false);
            this.trailers = trailers;
        }
    }

    private static MethodDescriptor.MethodType type(Descriptors.MethodDescriptor m) {
        if (m.isClientStreaming()) {
            return m.isServerStreaming()
                    ? MethodDescriptor.MethodType.BIDI_STREAMING
                    : MethodDescriptor.MethodType.CLIENT_STREAMING;
        }
        return m.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY;
    }

    private record Dynamic(Descriptors.Descriptor type) implements MethodDescriptor.Marshaller<DynamicMessage> {
        @Override
        public InputStream stream(DynamicMessage value) {
            return new ByteArrayInputStream(value.toByteArray());
        }

        @Override
        public DynamicMessage parse(InputStream stream) {
            try {
                return DynamicMessage.parseFrom(type, stream);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
