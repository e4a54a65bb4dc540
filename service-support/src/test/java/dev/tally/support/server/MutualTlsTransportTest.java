package dev.tally.support.server;

import static dev.tally.support.server.TlsTransportTest.health;
import static dev.tally.support.server.TlsTransportTest.tlsChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.testing.FreePorts;
import dev.tally.testing.TestCertificates;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Mutual TLS (the chart's tls.mutual): only a client presenting a trusted certificate is served. */
@QuarkusTest
@TestProfile(MutualTlsTransportTest.MutualTls.class)
class MutualTlsTransportTest {

    static final TestCertificates CERTS = TestCertificates.generate("tally-mtls");
    static final int PORT = FreePorts.next();

    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return TlsTransportTest.tlsConfig(CERTS, PORT, true);
        }
    }

    @GrpcClient("peer")
    HealthGrpc.HealthBlockingStub peer;

    @Test
    void theServicesOwnGrpcClientPresentsItsCertificate() {
        assertThat(peer.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void aClientWithATrustedCertificateIsServed() throws Exception {
        ManagedChannel channel = tlsChannel(CERTS, PORT, true);
        try {
            assertThat(health(channel)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        ManagedChannel channel = tlsChannel(CERTS, PORT, false);
        try {
            assertThatThrownBy(() -> health(channel)).isInstanceOf(StatusRuntimeException.class);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
