package dev.tally.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The objects of one render, parsed into fabric8's typed Kubernetes model (kinds the model does not
 * know, such as ServiceMonitor or CloudNativePG's Cluster, come back as GenericKubernetesResource). A
 * field that is not part of the Kubernetes API fails the parse, so this is the check that `kubectl
 * --dry-run=server` would give with an API server.
 */
record RenderedChart(String yaml, List<HasMetadata> objects) {

    static final List<String> SERVICES = List.of("catalog", "wallet", "usage", "invoice");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static RenderedChart parse(String yaml) {
        List<HasMetadata> objects = Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#")))
                .map(document -> (HasMetadata) SERIALIZATION.unmarshal(document, HasMetadata.class))
                .toList();
        return new RenderedChart(yaml, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new NoSuchElementException(
                        type.getSimpleName() + " " + name + " not rendered; rendered: " + names()));
    }

    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind))
                .toList();
    }

    List<String> names() {
        return objects.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .toList();
    }

    Deployment deployment(String service) {
        return get(Deployment.class, "tally-" + service);
    }

    Container container(String service) {
        return deployment(service)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    /** The container's plain environment variables (those with a value). */
    Map<String, String> env(String service) {
        return container(service).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    EnvVar envVar(String service, String name) {
        return container(service).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(name + " not in " + service));
    }

    Service clusterIpService(String service) {
        return get(Service.class, "tally-" + service);
    }

    Service headlessService(String service) {
        return get(Service.class, "tally-" + service + "-headless");
    }

    Map<String, String> podLabels(String service) {
        return deployment(service).getSpec().getTemplate().getMetadata().getLabels();
    }

    PodDisruptionBudget pdb(String service) {
        return get(PodDisruptionBudget.class, "tally-" + service);
    }

    Optional<HorizontalPodAutoscaler> hpa(String service) {
        return find(HorizontalPodAutoscaler.class, "tally-" + service);
    }

    NetworkPolicy networkPolicy(String service) {
        return get(NetworkPolicy.class, "tally-" + service);
    }

    Optional<Secret> secret(String name) {
        return find(Secret.class, name);
    }
}
