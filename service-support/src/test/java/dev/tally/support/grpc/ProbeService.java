package dev.tally.support.grpc;

import com.google.protobuf.StringValue;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.quarkus.grpc.GrpcService;

/**
 * A gRPC service present only in this module's tests ({@code tally.test.v1.ProbeService}, see
 * {@code grpc-js/probe.proto}): it fails with the message the client sends, so a client can check
 * the text it receives. {@code Fail} fails at once (the status travels in a trailers-only
 * response), {@code FailAfterOne} sends one message first (the status travels in trailers). Its
 * messages are wire-compatible with {@code google.protobuf.StringValue} (one string, field 1).
 */
@GrpcService
public class ProbeService implements BindableService {

    static final String SERVICE = "tally.test.v1.ProbeService";

    private static final MethodDescriptor<StringValue, StringValue> FAIL =
            stringMethod(SERVICE, "Fail", MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<StringValue, StringValue> FAIL_AFTER_ONE =
            stringMethod(SERVICE, "FailAfterOne", MethodDescriptor.MethodType.SERVER_STREAMING);

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, response) -> {
                    throw new TallyException(Reason.VALIDATION_FAILED, request.getValue());
                }))
                .addMethod(FAIL_AFTER_ONE, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    response.onNext(StringValue.of("first"));
                    throw new TallyException(Reason.INVALID_STATE, request.getValue());
                }))
                .build();
    }

    /** A method of a test service whose messages are {@code google.protobuf.StringValue}. */
    public static MethodDescriptor<StringValue, StringValue> stringMethod(
            String service, String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<StringValue, StringValue>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }
}
