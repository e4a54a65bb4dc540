package dev.tally.support.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.testing.FreePorts;
import dev.tally.testing.TestCertificates;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * TLS on the one gRPC and HTTP port, configured with the keys the Helm chart sets as environment
 * variables (a PEM certificate and key, the HTTPS port on the service port, plain requests disabled:
 * the {@code quarkus.http.ssl.*} keys, whose environment names are unambiguous, unlike the TLS
 * registry's {@code quarkus.tls.key-store.pem.<name>.*}): a
 * client that trusts the certificate is served, a plaintext client is not, and a service's own gRPC
 * client (Quarkus, {@code quarkus.grpc.clients.<name>.ssl.trust-store}) connects over TLS.
 */
@QuarkusTest
@TestProfile(TlsTransportTest.ServerTls.class)
class TlsTransportTest {

    static final TestCertificates CERTS = TestCertificates.generate("tally-tls");
    static final int PORT = FreePorts.next();

    public static class ServerTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return tlsConfig(CERTS, PORT, false);
        }
    }

    /** What the chart sets when tls.enabled (and, with mutual, tls.mutual): see k8s/README.md. */
    static Map<String, String> tlsConfig(TestCertificates certs, int port, boolean mutual) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.ssl.certificate.files", certs.serverCert().toString());
        config.put("quarkus.http.ssl.certificate.key-files", certs.serverKey().toString());
        config.put("quarkus.http.test-ssl-port", Integer.toString(port));
        config.put("quarkus.http.insecure-requests", "disabled");
        // the service's own client to another service (here: itself), as usage-service calls wallet-service
        config.put("quarkus.grpc.clients.peer.host", "localhost");
        config.put("quarkus.grpc.clients.peer.port", Integer.toString(port));
        config.put(
                "quarkus.grpc.clients.peer.ssl.trust-store", certs.clientTrust().toString());
        if (mutual) {
            config.put(
                    "quarkus.http.ssl.certificate.trust-store-files",
                    certs.serverTrust().toString());
            config.put("quarkus.http.ssl.certificate.trust-store-file-type", "PEM");
            config.put("quarkus.http.ssl.client-auth", "required");
            config.put(
                    "quarkus.grpc.clients.peer.ssl.certificate",
                    certs.clientCert().toString());
            config.put("quarkus.grpc.clients.peer.ssl.key", certs.clientKey().toString());
        }
        return config;
    }

    @GrpcClient("peer")
    HealthGrpc.HealthBlockingStub peer;

    @Test
    void aClientTrustingTheCertificateIsServedOverTls() throws Exception {
        ManagedChannel channel = tlsChannel(CERTS, PORT, false);
        try {
            assertThat(health(channel)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPlaintextClientIsNotServed() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT)
                .usePlaintext()
                .build();
        try {
            assertThatThrownBy(() -> health(channel))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServicesOwnGrpcClientConnectsOverTls() {
        assertThat(peer.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    static HealthCheckResponse.ServingStatus health(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus();
    }

    static ManagedChannel tlsChannel(TestCertificates certs, int port, boolean withClientCertificate)
            throws SSLException {
        var ssl = GrpcSslContexts.forClient().trustManager(certs.clientTrust().toFile());
        if (withClientCertificate) {
            ssl.keyManager(certs.clientCert().toFile(), certs.clientKey().toFile());
        }
        return NettyChannelBuilder.forAddress("localhost", port)
                .sslContext(ssl.build())
                .build();
    }
}
