package dev.tally.k8s;

import static dev.tally.k8s.PolicyEvaluator.admitsEgress;
import static dev.tally.k8s.PolicyEvaluator.admitsIngress;
import static dev.tally.k8s.RenderedChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.k8s.PolicyEvaluator.External;
import dev.tally.k8s.PolicyEvaluator.ForeignPod;
import dev.tally.k8s.PolicyEvaluator.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The NetworkPolicies let through exactly the traffic of the architecture: clients → every service;
 * usage → catalog, wallet, invoice; invoice → usage, wallet; catalog → the price source (HTTPS);
 * every service → DNS and PostgreSQL. Evaluated for every pair of services, both directions.
 */
class NetworkPolicyTest {

    /** caller → callee, from the README's architecture (catalog and wallet verify API keys through invoice). */
    static final Set<String> CALLS = Set.of(
            "usage→catalog",
            "usage→wallet",
            "usage→invoice",
            "invoice→usage",
            "invoice→wallet",
            "catalog→invoice",
            "wallet→invoice");

    static final Map<String, Integer> PORTS = Map.of("catalog", 8081, "wallet", 8082, "usage", 8083, "invoice", 8084);
    static final RenderedChart DEFAULTS = DefaultValuesTest.CHART;
    static final RenderedChart RESTRICTED = CiValuesTest.render("restricted-network-values.yaml");

    static final Pod KUBE_DNS_LIKE_LOCAL_POD = new Pod(Map.of("k8s-app", "kube-dns"));
    static final ForeignPod KUBE_DNS =
            new ForeignPod(Map.of("kubernetes.io/metadata.name", "kube-system"), Map.of("k8s-app", "kube-dns"));
    static final Pod SOME_POD = new Pod(Map.of("app", "backend"));
    static final Pod LABELLED_CLIENT = new Pod(Map.of("app", "backend", "tally-client", "true"));
    static final External PRICE_SOURCE = new External("185.199.110.133");

    @Test
    void betweenServicesOnlyTheCallsOfTheArchitecture() {
        for (RenderedChart chart : new RenderedChart[] {DEFAULTS, RESTRICTED}) {
            for (String caller : SERVICES) {
                for (String callee : SERVICES) {
                    boolean expected = CALLS.contains(caller + "→" + callee);
                    Pod callerPod = new Pod(chart.podLabels(caller));
                    Pod calleePod = new Pod(chart.podLabels(callee));
                    int port = PORTS.get(callee);
                    assertThat(admitsEgress(chart.networkPolicy(caller), calleePod, port, "TCP"))
                            .as("egress %s → %s", caller, callee)
                            .isEqualTo(expected);
                    if (chart == RESTRICTED) {
                        assertThat(admitsIngress(chart.networkPolicy(callee), callerPod, port, "TCP"))
                                .as("ingress %s → %s", caller, callee)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dev.tally.k8s.RenderedChart#SERVICES")
    void clientsReachEveryServiceOnItsPortOnly(String service) {
        int port = PORTS.get(service);
        NetworkPolicy open = DEFAULTS.networkPolicy(service);
        assertThat(admitsIngress(open, SOME_POD, port, "TCP")).isTrue();
        assertThat(admitsIngress(open, SOME_POD, port + 1000, "TCP")).isFalse();
        assertThat(admitsIngress(open, SOME_POD, port, "UDP")).isFalse();

        NetworkPolicy restricted = RESTRICTED.networkPolicy(service);
        assertThat(admitsIngress(restricted, SOME_POD, port, "TCP"))
                .as("unlabelled pod")
                .isFalse();
        assertThat(admitsIngress(restricted, LABELLED_CLIENT, port, "TCP"))
                .as("labelled client")
                .isTrue();
        ForeignPod prometheus =
                new ForeignPod(Map.of("kubernetes.io/metadata.name", "monitoring"), Map.of("app", "prometheus"));
        assertThat(admitsIngress(restricted, prometheus, port, "TCP"))
                .as("Prometheus scrapes /q/metrics")
                .isTrue();
        ForeignPod elsewhere =
                new ForeignPod(Map.of("kubernetes.io/metadata.name", "other"), Map.of("tally-client", "true"));
        assertThat(admitsIngress(restricted, elsewhere, port, "TCP"))
                .as("a labelled pod of another namespace")
                .isFalse();
    }

    @ParameterizedTest
    @FieldSource("dev.tally.k8s.RenderedChart#SERVICES")
    void everyServiceReachesDnsAndPostgresqlAndOnlyCatalogTheInternet(String service) {
        NetworkPolicy policy = DEFAULTS.networkPolicy(service);
        assertThat(admitsEgress(policy, KUBE_DNS, 53, "UDP")).isTrue();
        assertThat(admitsEgress(policy, KUBE_DNS, 53, "TCP")).isTrue();
        assertThat(admitsEgress(policy, KUBE_DNS_LIKE_LOCAL_POD, 53, "UDP"))
                .as("DNS only in kube-system")
                .isFalse();
        assertThat(admitsEgress(policy, new External("10.1.2.3"), 5432, "TCP"))
                .as("PostgreSQL")
                .isTrue();
        assertThat(admitsEgress(policy, new External("10.1.2.3"), 5433, "TCP")).isFalse();
        assertThat(admitsEgress(policy, PRICE_SOURCE, 443, "TCP")).isEqualTo(service.equals("catalog"));
        assertThat(admitsEgress(policy, PRICE_SOURCE, 80, "TCP")).isFalse();

        NetworkPolicy restricted = RESTRICTED.networkPolicy(service);
        assertThat(admitsEgress(restricted, new External("10.20.5.6"), 5432, "TCP"))
                .as("the configured database network")
                .isTrue();
        assertThat(admitsEgress(restricted, new External("10.30.5.6"), 5432, "TCP"))
                .isFalse();
        assertThat(admitsEgress(restricted, PRICE_SOURCE, 443, "TCP")).isEqualTo(service.equals("catalog"));
        assertThat(admitsEgress(restricted, new External("1.1.1.1"), 443, "TCP"))
                .isFalse();
    }

    @Test
    void withCloudNativePgTheDatabaseIsTheClustersPods() {
        RenderedChart cnpg = CiValuesTest.render("cnpg-values.yaml");
        for (String service : SERVICES) {
            NetworkPolicy policy = cnpg.networkPolicy(service);
            assertThat(admitsEgress(policy, new Pod(Map.of("cnpg.io/cluster", "tally-postgresql")), 5432, "TCP"))
                    .isTrue();
            assertThat(admitsEgress(policy, new External("10.1.2.3"), 5432, "TCP"))
                    .isFalse();
        }
    }

    @Test
    void everyPolicyGovernsBothDirectionsOfOneServicesPods() {
        for (String service : SERVICES) {
            NetworkPolicy policy = DEFAULTS.networkPolicy(service);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(DEFAULTS.podLabels(service))
                    .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", service);
        }
    }

    @Test
    void disabledMeansNoPolicy() {
        RenderedChart rendered = ChartRenderer.chart()
                .set("externalDatabase.password", "p")
                .set("networkPolicy.enabled", "false")
                .render();
        assertThat(rendered.all(NetworkPolicy.class)).isEmpty();
    }
}
