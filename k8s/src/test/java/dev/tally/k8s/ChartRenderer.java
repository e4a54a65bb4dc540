package dev.tally.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the chart with Helm's own Go code (helm-java: `helm template` without a helm binary or a
 * cluster). A render that Helm refuses (schema, `fail`) throws {@link IllegalStateException} with
 * Helm's message.
 */
final class ChartRenderer {

    /** The k8s/ module directory (set by surefire; the working directory otherwise). */
    static final Path K8S_DIR =
            Path.of(System.getProperty("tally.k8s.dir", ".")).toAbsolutePath().normalize();

    static final Path CHART = K8S_DIR.resolve("tally");
    static final String RELEASE = "tally";
    static final String NAMESPACE = "billing";
    /** The password the renders of the default values pass, as `helm install --set` would. */
    static final String PASSWORD = "s3cret-for-tests";

    private final Map<String, String> sets = new LinkedHashMap<>();
    private final java.util.List<Path> valuesFiles = new java.util.ArrayList<>();
    private String namespace = NAMESPACE;

    static ChartRenderer chart() {
        return new ChartRenderer();
    }

    /** The default values plus the one required value. */
    static RenderedChart renderDefaults() {
        return chart().set("externalDatabase.password", PASSWORD).render();
    }

    ChartRenderer set(String key, String value) {
        sets.put(key, value);
        return this;
    }

    ChartRenderer values(Path file) {
        valuesFiles.add(file);
        return this;
    }

    ChartRenderer namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    String renderYaml() {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(namespace);
        valuesFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return command.call();
    }

    RenderedChart render() {
        return RenderedChart.parse(renderYaml());
    }
}
