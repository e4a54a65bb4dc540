package dev.tally.support.server;

import com.google.protobuf.StringValue;
import dev.tally.support.error.GrpcErrors;
import dev.tally.support.grpc.ProbeService;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * A gRPC service present only in this module's tests ({@code tally.test.v1.TransportProbeService}):
 * {@code Hold} answers only when the test calls {@link #release} (an in-flight unary call);
 * {@code Watch} sends one message and stays open, ended only by {@link ShutdownSignal} (a watch
 * stream as the services write them). Messages are {@code google.protobuf.StringValue}.
 */
@GrpcService
public class TransportProbeService implements BindableService {

    static final String SERVICE = "tally.test.v1.TransportProbeService";
    static final MethodDescriptor<StringValue, StringValue> HOLD =
            ProbeService.stringMethod(SERVICE, "Hold", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<StringValue, StringValue> WATCH =
            ProbeService.stringMethod(SERVICE, "Watch", MethodDescriptor.MethodType.SERVER_STREAMING);

    /** Completed when a Hold call arrives; completing {@link #release} answers it. */
    static volatile CompletableFuture<Void> held = new CompletableFuture<>();

    static volatile CompletableFuture<String> release = new CompletableFuture<>();

    @Inject
    ShutdownSignal shutdown;

    static void reset() {
        held = new CompletableFuture<>();
        release = new CompletableFuture<>();
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(HOLD, ServerCalls.asyncUnaryCall((request, response) -> {
                    release.thenAccept(text -> {
                        response.onNext(StringValue.of(text));
                        response.onCompleted();
                    });
                    held.complete(null);
                }))
                .addMethod(
                        WATCH,
                        ServerCalls.asyncServerStreamingCall((request, response) -> shutdown.endOnShutdown(
                                        Multi.createBy()
                                                .concatenating()
                                                .streams(
                                                        Multi.createFrom().item(StringValue.of("open")),
                                                        Multi.createFrom().<StringValue>nothing()))
                                .subscribe()
                                .with(
                                        response::onNext,
                                        failure -> response.onError(GrpcErrors.toStatusException(failure)),
                                        response::onCompleted)))
                .build();
    }
}
