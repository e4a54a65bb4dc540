package dev.tally.support.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.tally.testing.Waits;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A grpc-java client of a server whose connections age after 2 s: the channel is sent a GOAWAY,
 * its next calls go over a new connection without any call failing, and a unary call running on
 * the old connection when the GOAWAY came still completes (within the grace). The grace is long
 * (10 min) so that however slow the machine, the held call ends only when the test releases it.
 * The held call opens the connection (its first request, from which its age counts), so it runs on
 * the old connection whatever the machine's speed; the age is measured from before it began.
 */
@QuarkusTest
@TestProfile(MaxConnectionAgeTest.TwoSecondConnections.class)
class MaxConnectionAgeTest {

    public static class TwoSecondConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tally.grpc.server.max-connection-age", "2s", "tally.grpc.server.max-connection-age-grace", "10m");
        }
    }

    @TestHTTPResource("/")
    URL serviceUrl;

    private NioEventLoopGroup eventLoop;
    private ManagedChannel managed;
    private Channel channel;
    /** The connections the channel opened, in order. */
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    /** The local port of the connection each finished call went over, by call. */
    private final Map<ClientCall<?, ?>, Integer> ports = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        TransportProbeService.reset();
        eventLoop = new NioEventLoopGroup(1);
        managed = NettyChannelBuilder.forAddress("127.0.0.1", serviceUrl.getPort())
                .usePlaintext()
                .eventLoopGroup(eventLoop)
                .channelFactory(
                        () -> {
                            NioSocketChannel connection = new NioSocketChannel();
                            connections.add(connection);
                            return connection;
                        },
                        InetSocketAddress.class)
                .build();
        channel = ClientInterceptors.intercept(managed, new LocalPortRecorder());
    }

    @AfterEach
    void close() throws InterruptedException {
        TransportProbeService.release.complete("closing");
        managed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        eventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    @Test
    void agedConnectionIsReplacedWithoutFailingACallAndRunningCallsFinish() throws Exception {
        // the held call is the connection's first request: its age counts from then, and it runs on it
        long beforeFirstCall = System.nanoTime();
        ClientCall<StringValue, StringValue> holdCall =
                channel.newCall(TransportProbeService.HOLD, CallOptions.DEFAULT);
        var hold = ClientCalls.futureUnaryCall(holdCall, StringValue.of("hold"));
        TransportProbeService.held.get(30, TimeUnit.SECONDS);
        List<SocketChannel> open =
                connections.stream().filter(SocketChannel::isActive).toList();
        assertThat(open)
                .as("the channel's connections while the held call runs")
                .hasSize(1);
        int old = open.get(0).localAddress().getPort();

        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        await("a call over a new connection").atMost(Waits.PATIENTLY).until(() -> {
            int port = healthCheckPort(); // throws, failing the test, if any call fails
            seen.add(port);
            return port != old;
        });
        long replacedAfterMillis = (System.nanoTime() - beforeFirstCall) / 1_000_000;

        assertThat(hold.isDone())
                .as("the held call is still running on the old connection (%s)", outcome(hold))
                .isFalse();
        TransportProbeService.release.complete("done");
        assertThat(hold.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("done");
        assertThat(ports.get(holdCall))
                .as("the held call finished on the old connection")
                .isEqualTo(old);
        assertThat(seen).as("the old connection, then one new one").hasSizeLessThanOrEqualTo(2);
        assertThat(replacedAfterMillis)
                .as("GOAWAY after the age (2 s ± 10 %%), not at once")
                .isGreaterThan(1000);
        System.out.printf(
                "MaxConnectionAgeTest: connection replaced %d ms after its first call began%n", replacedAfterMillis);
    }

    /** How a call that should still run ended, for the failure message. */
    private static String outcome(java.util.concurrent.Future<StringValue> call) {
        if (!call.isDone()) {
            return "running";
        }
        try {
            return "answered " + call.get().getValue();
        } catch (Exception e) {
            return "failed: " + e.getCause();
        }
    }

    /** One health check; returns the local port of the connection it went over. */
    private int healthCheckPort() {
        ClientCall<HealthCheckRequest, HealthCheckResponse> call =
                channel.newCall(HealthGrpc.getCheckMethod(), CallOptions.DEFAULT);
        HealthCheckResponse response = ClientCalls.blockingUnaryCall(call, HealthCheckRequest.getDefaultInstance());
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        return ports.remove(call);
    }

    /** Records, when a call closes, the local port of the connection it used. */
    private final class LocalPortRecorder implements ClientInterceptor {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<A> listener, Metadata headers) {
                    ClientCall<Q, A> self = this;
                    super.start(
                            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                                @Override
                                public void onClose(Status status, Metadata trailers) {
                                    SocketAddress local = self.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
                                    if (local instanceof InetSocketAddress address) {
                                        ports.put(self, address.getPort());
                                    }
                                    super.onClose(status, trailers);
                                }
                            },
                            headers);
                }
            };
        }
    }
}
