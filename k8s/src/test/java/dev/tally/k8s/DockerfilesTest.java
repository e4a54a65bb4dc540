package dev.tally.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The images the chart runs: the port comes from configuration, the user is not root, the native base is minimal. */
class DockerfilesTest {

    static final Path ROOT = ChartRenderer.K8S_DIR.getParent();
    static final List<String> MINIMAL_NATIVE_BASES = List.of(
            "quay.io/quarkus/quarkus-micro-image:", "registry.access.redhat.com/ubi9/ubi-micro:",
            "registry.access.redhat.com/ubi9/ubi-minimal:", "gcr.io/distroless/");

    @ParameterizedTest
    @CsvSource({
        "catalog,jvm", "catalog,native", "wallet,jvm", "wallet,native",
        "usage,jvm", "usage,native", "invoice,jvm", "invoice,native"
    })
    void noPinnedPortANonRootUserAndTheServicesPortExposed(String service, String kind) throws IOException {
        Path serviceDir = ROOT.resolve(service + "-service");
        String dockerfile = Files.readString(serviceDir.resolve("src/main/docker/Dockerfile." + kind));
        String instructions = dockerfile.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        assertThat(instructions).as("QUARKUS_HTTP_PORT must win").doesNotContain("quarkus.http.port");
        assertThat(single(instructions, "(?m)^USER\\s+(\\S+)$")).matches("[1-9][0-9]*");
        String configuredPort = single(
                Files.readString(serviceDir.resolve("src/main/resources/application.properties")),
                "(?m)^quarkus\\.http\\.port=(\\d+)$");
        assertThat(single(instructions, "(?m)^EXPOSE\\s+(\\d+)$")).isEqualTo(configuredPort);
        if (kind.equals("native")) {
            String base = single(instructions, "(?m)^FROM\\s+(\\S+)");
            assertThat(MINIMAL_NATIVE_BASES).anyMatch(base::startsWith);
        }
    }

    private static String single(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        String found = matcher.group(1);
        assertThat(matcher.find()).as("only one " + regex).isFalse();
        return found;
    }
}
