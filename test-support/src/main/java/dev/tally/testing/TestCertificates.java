package dev.tally.testing;

import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Throwaway PEM files for TLS tests: a self-signed server certificate for {@code localhost} (the
 * client's trust file is the certificate itself) and a client certificate with the server's trust
 * file for it, as mutual TLS needs. Written to a fresh temporary directory.
 */
public record TestCertificates(
        Path serverCert, Path serverKey, Path clientTrust, Path clientCert, Path clientKey, Path serverTrust) {

    public static TestCertificates generate(String name) {
        try {
            Path dir = Files.createTempDirectory("tally-tls-");
            var files = (PemCertificateFiles) new CertificateGenerator(dir, true)
                    .generate(new CertificateRequest()
                            .withName(name)
                            .withFormat(Format.PEM)
                            .withCN("localhost")
                            .withSubjectAlternativeName("DNS:localhost")
                            .withSubjectAlternativeName("IP:127.0.0.1")
                            .withClientCertificate()
                            .withDuration(Duration.ofDays(2)))
                    .get(0);
            return new TestCertificates(
                    files.certFile(),
                    files.keyFile(),
                    files.trustFile(),
                    files.clientCertFile(),
                    files.clientKeyFile(),
                    files.serverTrustFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write test certificates", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }
}
