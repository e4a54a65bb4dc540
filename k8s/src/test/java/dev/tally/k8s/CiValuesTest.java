package dev.tally.k8s;

import static dev.tally.k8s.ChartRenderer.chart;
import static dev.tally.k8s.RenderedChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart with each values file of k8s/tally/ci/ (the files chart-testing would install). */
class CiValuesTest {

    static final Path CI = ChartRenderer.CHART.resolve("ci");

    static Stream<Path> ciValues() throws IOException {
        return Files.list(CI).filter(p -> p.toString().endsWith("-values.yaml")).sorted();
    }

    static RenderedChart render(String file) {
        return chart().values(CI.resolve(file)).render();
    }

    @ParameterizedTest
    @MethodSource("ciValues")
    void everyCiValuesFileRendersValidObjectsWithProbesAndARestrictedSecurityContext(Path file) {
        RenderedChart rendered = chart().values(file).render();
        for (HasMetadata object : rendered.objects()) {
            assertThat(UnknownFields.of(object))
                    .as("fields the Kubernetes API does not know")
                    .isEmpty();
            assertThat(object.getMetadata().getLabels())
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
        }
        assertThat(rendered.all(Deployment.class)).hasSize(4);
        for (String service : SERVICES) {
            Container container = rendered.container(service);
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();
            assertThat(rendered.envVar(service, "QUARKUS_DATASOURCE_PASSWORD")
                            .getValueFrom()
                            .getSecretKeyRef())
                    .isNotNull();
        }
    }

    @Test
    void existingSecretRegistryDigestServiceMonitorAndExtraEnvironment() {
        RenderedChart rendered = render("existing-secret-values.yaml");
        assertThat(rendered.all(Secret.class))
                .as("the password stays in the user's Secret")
                .isEmpty();
        var password = rendered.envVar("usage", "QUARKUS_DATASOURCE_PASSWORD")
                .getValueFrom()
                .getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("tally-db-credentials");
        assertThat(password.getKey()).isEqualTo("pg-password");
        assertThat(rendered.env("wallet"))
                .containsEntry(
                        "QUARKUS_DATASOURCE_REACTIVE_URL",
                        "postgresql://billing-db.example.internal:6432/wallet?sslmode=verify-full")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "tally_app")
                .containsEntry("JAVA_MAX_MEM_RATIO", "75");

        assertThat(rendered.container("catalog").getImage())
                .isEqualTo("registry.example.com/tally/catalog-service:1.2.3");
        assertThat(rendered.container("wallet").getImage())
                .isEqualTo(
                        "registry.example.com/tally/wallet-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(rendered.container("wallet").getImagePullPolicy()).isEqualTo("Always");
        assertThat(rendered.deployment("invoice")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getImagePullSecrets())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
        assertThat(rendered.env("catalog"))
                .containsEntry("TALLY_CATALOG_SYNC_CRON", "0 30 4 * * ?")
                .containsEntry("TALLY_CATALOG_SEED_ENABLED", "false");

        PodSpec usage = rendered.deployment("usage").getSpec().getTemplate().getSpec();
        assertThat(rendered.deployment("usage").getSpec().getReplicas()).isEqualTo(4);
        assertThat(rendered.env("usage")).containsEntry("QUARKUS_LOG_LEVEL", "DEBUG");
        assertThat(rendered.container("usage").getEnvFrom())
                .singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("usage-extra"));
        assertThat(rendered.container("usage")
                        .getResources()
                        .getRequests()
                        .get("cpu")
                        .toString())
                .isEqualTo("1");
        assertThat(usage.getNodeSelector()).containsEntry("node-pool", "billing");
        assertThat(usage.getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(usage.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .hasSize(1);
        assertThat(rendered.deployment("usage")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("example.com/team", "billing")
                .doesNotContainKey("checksum/database-secret");

        // 10 s delay + 60 s drain + 10 s margin, and a 5 s preStop sleep before SIGTERM
        assertThat(usage.getTerminationGracePeriodSeconds()).isEqualTo(80L);
        assertThat(rendered.container("usage")
                        .getLifecycle()
                        .getPreStop()
                        .getSleep()
                        .getSeconds())
                .isEqualTo(5L);

        GenericKubernetesResource monitor = rendered.generic("ServiceMonitor").get(0);
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(monitor.getMetadata().getLabels())
                .containsEntry("release", "prometheus")
                .containsEntry("cost-center", "billing");
        Map<String, Object> endpoint =
                monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
        assertThat(endpoint).containsEntry("port", "grpc").containsEntry("path", "/q/metrics");
        assertThat(monitor.<List<String>>get("spec", "namespaceSelector", "matchNames"))
                .containsExactly(ChartRenderer.NAMESPACE);
        // The ServiceMonitor selects the ClusterIP Services, not the headless ones (each pod scraped once).
        assertThat(monitor.<List<Map<String, Object>>>get("spec", "selector", "matchExpressions"))
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .containsEntry("key", "tally.dev/service-kind")
                        .containsEntry("operator", "DoesNotExist"));
        assertThat(rendered.headlessService("usage").getMetadata().getLabels())
                .containsEntry("tally.dev/service-kind", "headless");
        assertThat(rendered.clusterIpService("usage").getMetadata().getLabels())
                .doesNotContainKey("tally.dev/service-kind");
    }

    @Test
    void autoscalingReplacesTheFixedReplicaCount() {
        RenderedChart rendered = render("autoscaling-values.yaml");
        for (String service : SERVICES) {
            HorizontalPodAutoscaler hpa = rendered.hpa(service).orElseThrow();
            assertThat(rendered.deployment(service).getSpec().getReplicas())
                    .as("the HPA owns the replica count")
                    .isNull();
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("tally-" + service);
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        }
        HorizontalPodAutoscaler wallet = rendered.hpa("wallet").orElseThrow();
        assertThat(wallet.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(wallet.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(wallet.getSpec().getMetrics())
                .extracting(
                        m -> m.getResource().getName(),
                        m -> m.getResource().getTarget().getAverageUtilization())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cpu", 60),
                        org.assertj.core.groups.Tuple.tuple("memory", 80));
        assertThat(rendered.hpa("usage").orElseThrow().getSpec().getMaxReplicas())
                .isEqualTo(20);
        assertThat(rendered.hpa("catalog").orElseThrow().getSpec().getMetrics())
                .extracting(MetricSpec::getType)
                .containsExactly("Resource");

        assertThat(rendered.pdb("wallet").getSpec().getMinAvailable().getIntVal())
                .isEqualTo(2);
        assertThat(rendered.pdb("wallet").getSpec().getMaxUnavailable()).isNull();
        assertThat(rendered.find(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, "tally-invoice"))
                .isEmpty();
    }

    @Test
    void cloudNativePgClusterWithTheFourDatabases() {
        RenderedChart rendered = render("cnpg-values.yaml");
        GenericKubernetesResource cluster = rendered.generic("Cluster").get(0);
        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.getMetadata().getName()).isEqualTo("tally-postgresql");
        assertThat(cluster.<Integer>get("spec", "instances")).isEqualTo(3);
        assertThat(cluster.<String>get("spec", "bootstrap", "initdb", "database"))
                .isEqualTo("tally_catalog");
        assertThat(cluster.<String>get("spec", "bootstrap", "initdb", "owner")).isEqualTo("tally");
        assertThat(cluster.<String>get("spec", "storage", "storageClass")).isEqualTo("fast-ssd");
        assertThat(rendered.generic("Database"))
                .extracting(d -> d.<String>get("spec", "name"))
                .containsExactlyInAnyOrder("tally_wallet", "tally_usage", "tally_invoice");
        assertThat(rendered.generic("Database"))
                .allSatisfy(d ->
                        assertThat(d.<String>get("spec", "cluster", "name")).isEqualTo("tally-postgresql"));

        assertThat(rendered.all(Secret.class))
                .as("the operator makes the password")
                .isEmpty();
        for (String service : SERVICES) {
            assertThat(rendered.env(service).get("QUARKUS_DATASOURCE_REACTIVE_URL"))
                    .isEqualTo("postgresql://tally-postgresql-rw:5432/tally_" + service);
            var password = rendered.envVar(service, "QUARKUS_DATASOURCE_PASSWORD")
                    .getValueFrom()
                    .getSecretKeyRef();
            assertThat(password.getName()).isEqualTo("tally-postgresql-app");
            assertThat(password.getKey()).isEqualTo("password");
        }
    }
}
