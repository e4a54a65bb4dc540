package dev.tally.k8s;

import static dev.tally.k8s.ChartRenderer.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values the chart refuses: by values.schema.json (types, required keys, typos) or by a template check. */
class ValuesValidationTest {

    static final Path BAD_VALUES = ChartRenderer.K8S_DIR.resolve("src/test/resources/bad-values");

    @Test
    void noDatabasePasswordNoRender() {
        assertThatThrownBy(() -> chart().renderYaml())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DATABASE PASSWORD REQUIRED");
    }

    @Test
    void theDevelopmentPasswordIsRefused() {
        assertThatThrownBy(
                        () -> chart().set("externalDatabase.password", "tally").renderYaml())
                .hasMessageContaining("development default");
    }

    @Test
    void anExistingSecretIsEnoughAndNoPasswordIsRendered() {
        RenderedChart rendered =
                chart().set("externalDatabase.existingSecret", "db").render();
        assertThat(rendered.secret("tally-database")).isEmpty();
        assertThat(rendered.yaml()).doesNotContain("password:");
    }

    @Test
    void minAvailableAndMaxUnavailableTogetherAreRefused() {
        assertThatThrownBy(() -> chart().set("externalDatabase.password", "p")
                        .set("usage.pdb.minAvailable", "1")
                        .set("usage.pdb.maxUnavailable", "1")
                        .renderYaml())
                .hasMessageContaining("usage.pdb: set minAvailable or maxUnavailable, not both");
    }

    static Stream<Path> badValues() throws IOException {
        return Files.list(BAD_VALUES).sorted();
    }

    /** Each bad values file names, on its first line ("# expect: ..."), what the error must mention. */
    @ParameterizedTest
    @MethodSource("badValues")
    void theSchemaRejectsBadValues(Path file) {
        String expected = firstLine(file).replaceFirst("^# expect: ", "");
        assertThatThrownBy(() -> chart().values(file).renderYaml())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(expected);
    }

    private static String firstLine(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
