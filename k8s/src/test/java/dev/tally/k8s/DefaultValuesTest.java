package dev.tally.k8s;

import static dev.tally.k8s.RenderedChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** The chart with its default values and the one required value (the database password). */
class DefaultValuesTest {

    static final RenderedChart CHART = ChartRenderer.renderDefaults();

    @Test
    void rendersExactlyTheExpectedObjects() {
        assertThat(CHART.names())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/tally", "Secret/tally-database",
                        "Service/tally-catalog", "Service/tally-catalog-headless",
                        "Service/tally-wallet", "Service/tally-wallet-headless",
                        "Service/tally-usage", "Service/tally-usage-headless",
                        "Service/tally-invoice", "Service/tally-invoice-headless",
                        "Deployment/tally-catalog", "Deployment/tally-wallet",
                        "Deployment/tally-usage", "Deployment/tally-invoice",
                        "PodDisruptionBudget/tally-catalog", "PodDisruptionBudget/tally-wallet",
                        "PodDisruptionBudget/tally-usage", "PodDisruptionBudget/tally-invoice",
                        "NetworkPolicy/tally-catalog", "NetworkPolicy/tally-wallet",
                        "NetworkPolicy/tally-usage", "NetworkPolicy/tally-invoice");
        assertThat(CHART.all(HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void everyObjectCarriesTheStandardLabelsAndOnlyKnownFields() {
        for (HasMetadata object : CHART.objects()) {
            assertThat(object.getMetadata().getLabels())
                    .as(object.getKind())
                    .containsEntry("app.kubernetes.io/name", "tally")
                    .containsEntry("app.kubernetes.io/instance", "tally")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsEntry("app.kubernetes.io/part-of", "tally")
                    .containsEntry("helm.sh/chart", "tally-0.1.0");
            assertThat(UnknownFields.of(object))
                    .as("fields the Kubernetes API does not know")
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"catalog,8081", "wallet,8082", "usage,8083", "invoice,8084"})
    void oneGrpcPortPerServiceWhichTheServiceListensOn(String service, int port) {
        Container container = CHART.container(service);
        assertThat(container.getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grpc", port, "TCP"));
        assertThat(CHART.env(service)).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(port));
        assertThat(container.getImage()).isEqualTo("tally/" + service + "-service:0.1.0");
        assertThat(CHART.deployment(service).getSpec().getReplicas()).isEqualTo(2);
    }

    @ParameterizedTest
    @FieldSource("dev.tally.k8s.RenderedChart#SERVICES")
    void probesUseTheHealthEndpointsOnTheServicePort(String service) {
        Container container = CHART.container(service);
        assertProbe(container.getStartupProbe(), "/q/health/started");
        assertProbe(container.getLivenessProbe(), "/q/health/live");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        // A first start applies the migrations before it reports started: allow it five minutes.
        Probe startup = container.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(300);
        // Liveness never restarts a pod that is merely slow for a few seconds.
        assertThat(container.getLivenessProbe().getFailureThreshold()).isGreaterThanOrEqualTo(3);
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("grpc");
        assertThat(probe.getTimeoutSeconds()).isPositive();
    }

    @ParameterizedTest
    @FieldSource("dev.tally.k8s.RenderedChart#SERVICES")
    void runsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String service) {
        PodSpec pod = CHART.deployment(service).getSpec().getTemplate().getSpec();
        SecurityContext security = CHART.container(service).getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getRunAsUser()).isPositive();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(CHART.container(service).getVolumeMounts())
                .singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes())
                .singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("tally");
        assertThat(pod.getEnableServiceLinks())
                .as("no TALLY_*_PORT variables from Services")
                .isFalse();
    }

    @ParameterizedTest
    @FieldSource("dev.tally.k8s.RenderedChart#SERVICES")
    void terminationGraceCoversTheShutdownDelayAndDrain(String service) {
        Deployment deployment = CHART.deployment(service);
        Map<String, String> env = CHART.env(service);
        assertThat(env).containsEntry("QUARKUS_SHUTDOWN_DELAY", "5s").containsEntry("QUARKUS_SHUTDOWN_TIMEOUT", "30s");
        // 5 s reporting not ready + 30 s draining calls and streams + 10 s margin
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(45L);
        // Rolling upgrades: a new pod is ready before an old one goes.
        assertThat(deployment
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        assertThat(env)
                .containsEntry("TALLY_GRPC_SERVER_MAX_CONNECTION_AGE", "5m")
                .containsEntry("TALLY_GRPC_SERVER_MAX_CONNECTION_AGE_GRACE", "30s");
    }

    @ParameterizedTest
    @CsvSource({"catalog,tally_catalog", "wallet,tally_wallet", "usage,tally_usage", "invoice,tally_invoice"})
    void eachServiceUsesItsOwnDatabaseAndThePasswordFromASecret(String service, String database) {
        assertThat(CHART.env(service))
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgresql:5432/" + database)
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "tally")
                .containsEntry("QUARKUS_FLYWAY_CLEAN_DISABLED", "true")
                .doesNotContainKey("QUARKUS_DATASOURCE_PASSWORD");
        var password = CHART.envVar(service, "QUARKUS_DATASOURCE_PASSWORD")
                .getValueFrom()
                .getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("tally-database");
        assertThat(password.getKey()).isEqualTo("password");
        assertThat(CHART.deployment(service)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .as("pods restart when the password changes")
                .containsKey("checksum/database-secret");
    }

    @Test
    void theChartMadeSecretHoldsThePassword() {
        String encoded = CHART.secret("tally-database").orElseThrow().getData().get("password");
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .isEqualTo(ChartRenderer.PASSWORD);
    }

    @ParameterizedTest
    @CsvSource({"catalog,8081", "wallet,8082", "usage,8083", "invoice,8084"})
    void aClusterIpAndAHeadlessServiceWithTheGrpcPort(String service, int port) {
        Service clusterIp = CHART.clusterIpService(service);
        Service headless = CHART.headlessService(service);
        assertThat(clusterIp.getSpec().getClusterIP()).isNull();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isFalse();
        for (Service s : new Service[] {clusterIp, headless}) {
            assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("grpc");
                assertThat(p.getAppProtocol()).isEqualTo("grpc");
                assertThat(p.getPort()).isEqualTo(port);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("grpc");
            });
            assertThat(CHART.podLabels(service))
                    .containsAllEntriesOf(s.getSpec().getSelector());
            // The selector picks this service's pods only.
            assertThat(s.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", service);
        }
    }

    @Test
    void servicesCallEachOtherThroughTheHeadlessServicesWithRoundRobin() {
        assertThat(clients("usage")).containsOnlyKeys("CATALOG", "WALLET", "INVOICE");
        assertThat(clients("invoice")).containsOnlyKeys("USAGE", "WALLET");
        // catalog and wallet verify API keys through invoice-service (the key registry)
        assertThat(clients("catalog")).containsOnlyKeys("INVOICE");
        assertThat(clients("wallet")).containsOnlyKeys("INVOICE");
        Map<String, String> usage = CHART.env("usage");
        assertThat(usage)
                .containsEntry("QUARKUS_GRPC_CLIENTS_CATALOG_HOST", "tally-catalog-headless")
                .containsEntry("QUARKUS_GRPC_CLIENTS_CATALOG_PORT", "8081")
                .containsEntry("QUARKUS_GRPC_CLIENTS_CATALOG_LOAD_BALANCING_POLICY", "round_robin")
                .containsEntry("QUARKUS_GRPC_CLIENTS_WALLET_HOST", "tally-wallet-headless")
                .containsEntry("QUARKUS_GRPC_CLIENTS_INVOICE_PORT", "8084");
        assertThat(CHART.env("invoice"))
                .containsEntry("QUARKUS_GRPC_CLIENTS_USAGE_HOST", "tally-usage-headless")
                .containsEntry("QUARKUS_GRPC_CLIENTS_USAGE_PORT", "8083");
        // Every client address names a rendered headless Service.
        for (String service : SERVICES) {
            CHART.env(service).entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_HOST") && e.getKey().startsWith("QUARKUS_GRPC"))
                    .forEach(e -> assertThat(CHART.find(Service.class, e.getValue()))
                            .as(e.getValue())
                            .isPresent());
        }
    }

    private static Map<String, Long> clients(String service) {
        return CHART.env(service).keySet().stream()
                .filter(k -> k.startsWith("QUARKUS_GRPC_CLIENTS_"))
                .map(k -> k.substring("QUARKUS_GRPC_CLIENTS_".length()).split("_")[0])
                .collect(java.util.stream.Collectors.groupingBy(k -> k, java.util.stream.Collectors.counting()));
    }

    @ParameterizedTest
    @FieldSource("dev.tally.k8s.RenderedChart#SERVICES")
    void aDisruptionBudgetKeepsAllButOnePodOfEachService(String service) {
        PodDisruptionBudget pdb = CHART.pdb(service);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        assertThat(CHART.podLabels(service))
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", service);
    }

    @Test
    void servicePortNamesAreWhatProbesAndMonitorsReferTo() {
        for (Service service : CHART.all(Service.class)) {
            assertThat(service.getSpec().getPorts())
                    .extracting(ServicePort::getName)
                    .containsExactly("grpc");
        }
    }
}
