package dev.tally.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as `helm install` prints it (a client-side dry run: no cluster). */
class NotesTest {

    static String notes(String... sets) {
        String output = dryRunInstall(sets);
        return output.substring(output.indexOf("NOTES:"));
    }

    /** What `helm install --dry-run=client` prints: the hooks, the manifest and the notes. */
    static String dryRunInstall(String... sets) {
        var install = new Helm(ChartRenderer.CHART)
                .install()
                .withName(ChartRenderer.RELEASE)
                .withNamespace(ChartRenderer.NAMESPACE)
                .clientOnly()
                .dryRun()
                .withDryRunOption(DryRun.CLIENT);
        for (int i = 0; i < sets.length; i += 2) {
            install.set(sets[i], sets[i + 1]);
        }
        return install.call().getOutput();
    }

    @Test
    void tellHowToReachEveryService() {
        String notes = notes("externalDatabase.password", "p");
        assertThat(notes)
                .contains(
                        "dns:///tally-catalog-headless.billing.svc:8081",
                        "dns:///tally-wallet-headless.billing.svc:8082",
                        "dns:///tally-usage-headless.billing.svc:8083",
                        "dns:///tally-invoice-headless.billing.svc:8084",
                        "round_robin",
                        "port-forward svc/tally-usage 8083:8083",
                        "grpcurl -plaintext -H \"authorization: Bearer $TALLY_API_KEY\" localhost:8083 list",
                        "get secret tally-api-keys -o jsonpath='{.data.admin}' | base64 -d",
                        "rollout status deployment -l app.kubernetes.io/instance=tally",
                        "the databases tally_catalog, tally_invoice, tally_usage, tally_wallet must exist");
    }

    @Test
    void tellWhoMayCallWhenTheNetworkIsRestricted() {
        assertThat(notes("externalDatabase.password", "p", "networkPolicy.allowExternal", "false"))
                .contains("only pods labelled tally-client=true may call the services");
        assertThat(notes("postgresql.cnpg.enabled", "true")).contains("CloudNativePG cluster tally-postgresql");
    }
}
