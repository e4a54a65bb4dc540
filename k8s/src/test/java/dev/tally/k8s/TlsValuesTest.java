package dev.tally.k8s;

import static dev.tally.k8s.ChartRenderer.chart;
import static dev.tally.k8s.RenderedChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TLS as the chart configures it: the keys service-support's TlsTransportTest and
 * MutualTlsTransportTest prove on a running service, the Secret mounted read-only, HTTPS probes,
 * and the services' clients of each other trusting ca.crt (and presenting the certificate).
 */
class TlsValuesTest {

    private static final Map<String, List<String>> CALLS =
            Map.of("usage", List.of("CATALOG", "WALLET", "INVOICE"), "invoice", List.of("WALLET", "USAGE"));

    @Test
    void byDefaultThePortIsPlaintext() {
        RenderedChart rendered = chart().set("externalDatabase.password", "p").render();
        for (String service : SERVICES) {
            assertThat(rendered.env(service))
                    .doesNotContainKeys("QUARKUS_HTTP_SSL_PORT", "QUARKUS_HTTP_INSECURE_REQUESTS");
            assertThat(rendered.container(service)
                            .getReadinessProbe()
                            .getHttpGet()
                            .getScheme())
                    .isNull();
            assertThat(rendered.deployment(service)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getVolumes())
                    .noneMatch(v -> v.getName().equals("tls"));
        }
        assertThat(rendered.env("usage")).doesNotContainKey("QUARKUS_GRPC_CLIENTS_WALLET_SSL_TRUST_STORE");
    }

    @Test
    void tlsServesHttpsOnTheServicePortAndTheServicesTrustEachOther() {
        RenderedChart rendered = CiValuesTest.render("tls-values.yaml");
        for (String service : SERVICES) {
            Map<String, String> env = rendered.env(service);
            String port = env.get("QUARKUS_HTTP_PORT");
            assertThat(env)
                    .containsEntry("QUARKUS_HTTP_SSL_PORT", port)
                    .containsEntry("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled")
                    .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "/etc/tally/tls/tls.crt")
                    .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", "/etc/tally/tls/tls.key")
                    .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD", "1h")
                    .containsEntry("QUARKUS_HTTP_SSL_CLIENT_AUTH", "request")
                    .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILES", "/etc/tally/tls/ca.crt")
                    .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILE_TYPE", "PEM");
            for (String callee : CALLS.getOrDefault(service, List.of())) {
                String prefix = "QUARKUS_GRPC_CLIENTS_" + callee + "_SSL_";
                assertThat(env)
                        .containsEntry(prefix + "TRUST_STORE", "/etc/tally/tls/ca.crt")
                        .containsEntry(prefix + "CERTIFICATE", "/etc/tally/tls/tls.crt")
                        .containsEntry(prefix + "KEY", "/etc/tally/tls/tls.key");
            }
            Container container = rendered.container(service);
            assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
            assertThat(container.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("tls");
                assertThat(m.getMountPath()).isEqualTo("/etc/tally/tls");
                assertThat(m.getReadOnly()).isTrue();
            });
            PodSpec pod = rendered.deployment(service).getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes())
                    .filteredOn(v -> v.getName().equals("tls"))
                    .singleElement()
                    .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("tally-tls"));
        }
        GenericKubernetesResource monitor = rendered.generic("ServiceMonitor").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>)
                        ((Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get("endpoints"))
                .get(0);
        assertThat(endpoint).containsEntry("scheme", "https");
        assertThat(endpoint.get("tlsConfig").toString()).contains("ca.crt", "tally-tls", "serverName=tally.tally.svc");
    }

    @Test
    void requiredClientCertificatesTurnTheProbesIntoTcpChecks() {
        RenderedChart rendered = chart().set("externalDatabase.password", "p")
                .set("tls.enabled", "true")
                .set("tls.existingSecret", "tally-tls")
                .set("tls.clientAuth", "required")
                .render();
        for (String service : SERVICES) {
            Container container = rendered.container(service);
            assertThat(rendered.env(service)).containsEntry("QUARKUS_HTTP_SSL_CLIENT_AUTH", "required");
            assertThat(container.getReadinessProbe().getHttpGet()).isNull();
            assertThat(container.getReadinessProbe().getTcpSocket().getPort().getStrVal())
                    .isEqualTo("grpc");
            assertThat(container.getStartupProbe().getTcpSocket()).isNotNull();
        }
    }
}
