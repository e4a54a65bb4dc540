package dev.tally.support.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No database credentials, no start (outside dev and test). */
class RequiredCredentialsTest {

    @Test
    void productionStartWithoutPasswordFailsNamingTheVariable() {
        assertThatThrownBy(() -> RequiredCredentials.check(
                        config(Map.of("quarkus.datasource.username", "tally")), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Database credentials missing: set QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.password)."
                                + " Tally has no default database user or password outside the dev and test profiles.");
    }

    @Test
    void bothMissingAreNamed() {
        assertThatThrownBy(() -> RequiredCredentials.check(config(Map.of()), LaunchMode.NORMAL))
                .hasMessageStartingWith(
                        "Database credentials missing: set QUARKUS_DATASOURCE_USERNAME (quarkus.datasource.username)"
                                + " and QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.password).");
    }

    @Test
    void anEmptyValueIsMissing() {
        assertThatThrownBy(() -> RequiredCredentials.check(
                        config(Map.of("quarkus.datasource.username", "tally", "quarkus.datasource.password", "")),
                        LaunchMode.NORMAL))
                .hasMessageContaining("QUARKUS_DATASOURCE_PASSWORD");
    }

    @Test
    void configuredCredentialsStart() {
        assertThatCode(() -> RequiredCredentials.check(
                        config(Map.of(
                                "quarkus.datasource.username", "billing", "quarkus.datasource.password", "s3cret")),
                        LaunchMode.NORMAL))
                .doesNotThrowAnyException();
    }

    @Test
    void devAndTestAreNotChecked() {
        assertThatCode(() -> RequiredCredentials.check(config(Map.of()), LaunchMode.TEST))
                .doesNotThrowAnyException();
        assertThatCode(() -> RequiredCredentials.check(config(Map.of()), LaunchMode.DEVELOPMENT))
                .doesNotThrowAnyException();
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
    }
}
