package dev.tally.k8s;

import static dev.tally.k8s.ChartRenderer.chart;
import static dev.tally.k8s.RenderedChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * API keys as the chart provides them: each service sends its own key from the Secret, invoice-service
 * seeds the hashes of all of them with the scopes the local run gives (launcher LocalKeys), and the
 * generated Secret is made once at install (a hook), never by an upgrade.
 */
class ApiKeysValuesTest {

    private static final String KEY_FORMAT = "tally_sk_[a-z2-7]{16}_[A-Za-z0-9_-]{43}";

    @Test
    void byDefaultEveryServiceSendsItsOwnKeyFromTheSecretTheChartGeneratesAtInstall() throws Exception {
        RenderedChart rendered = chart().set("externalDatabase.password", "p").render();
        for (String service : SERVICES) {
            EnvVar own = rendered.envVar(service, "TALLY_AUTH_SERVICE_KEY");
            assertThat(own.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tally-api-keys");
            assertThat(own.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(service);
            assertThat(rendered.env(service)).containsEntry("TALLY_AUTH_REFLECTION_OPEN", "false");
        }
        // `helm template` (and so helm-java) leaves hooks out: the generated Secret is checked in its template
        String template = Files.readString(ChartRenderer.CHART.resolve("templates/api-keys-secret.yaml"));
        assertThat(template)
                .contains("helm.sh/hook: pre-install", "tally_sk_%s_%s", "randAlpha 16 | lower", "randAlphaNum 43")
                .doesNotContain("lookup");
        assertThat("tally_sk_" + "abcdefghijklmnop" + "_" + "A".repeat(43)).matches(KEY_FORMAT);
    }

    @Test
    void invoiceSeedsEveryKeyWithTheScopesOfTheLocalRun() {
        RenderedChart rendered = chart().set("externalDatabase.password", "p")
                .set("auth.existingSecret", "my-keys")
                .render();
        assertThat(rendered.all(Secret.class))
                .noneMatch(s -> s.getMetadata().getName().endsWith("api-keys"));
        for (String key : List.of("ADMIN", "CATALOG", "WALLET", "USAGE", "INVOICE")) {
            var ref = rendered.envVar("invoice", "TALLY_SEED_KEY_" + key)
                    .getValueFrom()
                    .getSecretKeyRef();
            assertThat(ref.getName()).isEqualTo("my-keys");
            assertThat(ref.getKey()).isEqualTo(key.toLowerCase());
        }
        // Kubernetes expands $(VAR) from the variables defined before it
        assertThat(rendered.env("invoice").get("TALLY_AUTH_SEED_KEYS"))
                .isEqualTo(String.join(
                        ",",
                        "admin|usage:write usage:read balance:read wallet:write billing:read billing:admin catalog:read"
                                + " catalog:admin keys:admin keys:verify|$(TALLY_SEED_KEY_ADMIN)",
                        "catalog-service|keys:verify|$(TALLY_SEED_KEY_CATALOG)",
                        "wallet-service|keys:verify|$(TALLY_SEED_KEY_WALLET)",
                        "usage-service|catalog:read wallet:write balance:read billing:read keys:verify|$(TALLY_SEED_KEY_USAGE)",
                        "invoice-service|wallet:write balance:read usage:read|$(TALLY_SEED_KEY_INVOICE)"));
        List<String> names = rendered.container("invoice").getEnv().stream()
                .map(EnvVar::getName)
                .toList();
        assertThat(names.indexOf("TALLY_SEED_KEY_INVOICE")).isLessThan(names.indexOf("TALLY_AUTH_SEED_KEYS"));
        assertThat(rendered.env("usage")).doesNotContainKey("TALLY_AUTH_SEED_KEYS");
    }
}
