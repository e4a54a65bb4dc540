package dev.tally.support.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a client of a watch stream sees when the server starts to shut down (the event Quarkus fires
 * at the start of the shutdown delay, fired here by the test): the stream ends with UNAVAILABLE,
 * {@code ErrorInfo} and a {@code RetryInfo}; a new stream is refused the same way; unary calls
 * still answer. Its own application (a test profile), since the signal cannot be undone.
 */
@QuarkusTest
@TestProfile(ShutdownSignalGrpcTest.OwnApplication.class)
class ShutdownSignalGrpcTest {

    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tally.test.profile", "shutdown-signal");
        }
    }

    @TestHTTPResource("/")
    URL serviceUrl;

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;

    private ManagedChannel channel;

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void watchEndsWithUnavailableAndRetryInfoWhenTheShutdownBegins() throws Exception {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        ClientCalls.asyncServerStreamingCall(
                channel.newCall(TransportProbeService.WATCH, CallOptions.DEFAULT),
                StringValue.of("watch"),
                new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                        first.complete(value.getValue());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("open");
        assertThat(ended).isNotDone();

        shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

        assertUnavailableWithRetryInfo(ended.get(10, TimeUnit.SECONDS));
        assertThatThrownBy(() -> ClientCalls.blockingServerStreamingCall(
                                channel, TransportProbeService.WATCH, CallOptions.DEFAULT, StringValue.of("again"))
                        .next())
                .satisfies(ShutdownSignalGrpcTest::assertUnavailableWithRetryInfo);
        assertThat(HealthGrpc.newBlockingStub(channel)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .as("unary calls still answer")
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    private static void assertUnavailableWithRetryInfo(Throwable failure) {
        assertThat(failure).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) failure;
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).isEqualTo(ShutdownSignal.MESSAGE);
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertThat(details).isNotNull();
        assertThat(details.getDetailsList()).anySatisfy(any -> {
            assertThat(any.is(RetryInfo.class)).isTrue();
            assertThat(any.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
        });
        assertThat(details.getDetailsList()).anySatisfy(any -> {
            assertThat(any.is(ErrorInfo.class)).isTrue();
            assertThat(any.unpack(ErrorInfo.class).getReason()).isEqualTo("SERVER_SHUTTING_DOWN");
        });
    }
}
