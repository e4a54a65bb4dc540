package dev.tally.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * k8s/manifests/tally.yaml is the chart rendered with k8s/manifests/values.yaml, for kubectl users.
 * It must be what the chart renders today; with -Dtally.manifests.write=true this test rewrites it.
 */
class ManifestsInSyncTest {

    static final Path MANIFESTS = ChartRenderer.K8S_DIR.resolve("manifests");
    static final String REGENERATE =
            "./mvnw -B verify -pl k8s -Dtest=ManifestsInSyncTest -Dsurefire.failIfNoSpecifiedTests=false -Dtally.manifests.write=true";
    static final String HEADER = """
            # Tally for kubectl users: the Helm chart k8s/tally rendered with k8s/manifests/values.yaml.
            # Generated; do not edit. Regenerate (a test fails while it differs from the chart):
            #   %s
            # Before applying, create the database password Secret:
            #   kubectl create secret generic tally-database --from-literal=password='...'
            """.formatted(REGENERATE);

    @Test
    void plainManifestsAreTheChartRendered() throws IOException {
        String rendered = HEADER
                + ChartRenderer.chart()
                        .namespace("default")
                        .values(MANIFESTS.resolve("values.yaml"))
                        .renderYaml();
        Path file = MANIFESTS.resolve("tally.yaml");
        if (Boolean.getBoolean("tally.manifests.write")) {
            Files.writeString(file, rendered);
        }
        String committed = Files.exists(file) ? Files.readString(file) : "";
        assertThat(committed)
                .as("k8s/manifests/tally.yaml differs from the chart; regenerate it with:%n  %s%n", REGENERATE)
                .isEqualTo(rendered);
        RenderedChart.parse(committed);
    }
}
