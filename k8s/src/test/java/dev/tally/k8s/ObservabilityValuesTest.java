package dev.tally.k8s;

import static dev.tally.k8s.ChartRenderer.chart;
import static dev.tally.k8s.PolicyEvaluator.admitsEgress;
import static dev.tally.k8s.RenderedChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.k8s.PolicyEvaluator.ForeignPod;
import dev.tally.k8s.PolicyEvaluator.Pod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traces and logs as the chart configures them. */
class ObservabilityValuesTest {

    @Test
    void byDefaultTracesAreOffAndLogsAreJson() {
        RenderedChart rendered = chart().set("externalDatabase.password", "p").render();
        for (String service : SERVICES) {
            assertThat(rendered.env(service))
                    .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "true")
                    .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                    .doesNotContainKey("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
        }
    }

    @Test
    void tracingExportsToTheCollectorWhichTheNetworkPolicyLetsThrough() {
        RenderedChart rendered = CiValuesTest.render("tracing-values.yaml");
        ForeignPod collector =
                new ForeignPod(Map.of("kubernetes.io/metadata.name", "observability"), Map.of("app", "otel"));
        ForeignPod elsewhere = new ForeignPod(Map.of("kubernetes.io/metadata.name", "other"), Map.of("app", "otel"));
        for (String service : SERVICES) {
            assertThat(rendered.env(service))
                    .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                    .containsEntry(
                            "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability.svc:4317")
                    .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.25")
                    .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            var policy = rendered.networkPolicy(service);
            assertThat(admitsEgress(policy, collector, 4317, "TCP"))
                    .as(service + " → collector")
                    .isTrue();
            assertThat(admitsEgress(policy, elsewhere, 4317, "TCP"))
                    .as(service + " → another namespace")
                    .isFalse();
            assertThat(admitsEgress(policy, new Pod(Map.of("app", "otel")), 4318, "TCP"))
                    .isFalse();
        }
    }

    @Test
    void theCollectorPortFollowsTheProtocolWhenTheEndpointHasNone() {
        RenderedChart rendered = chart().set("externalDatabase.password", "p")
                .set("tracing.enabled", "true")
                .set("tracing.otlpEndpoint", "http://collector")
                .set("tracing.protocol", "http/protobuf")
                .render();
        assertThat(admitsEgress(rendered.networkPolicy("usage"), new Pod(Map.of("app", "otel")), 4318, "TCP"))
                .isTrue();
    }
}
