package dev.tally.kit.config;

import io.smallrye.config.SmallRyeConfig;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Settings that exist only so that tests can drive a packaged service (a clock offset, a fault
 * injected between two steps of a period close). They are refused, with the service not starting,
 * unless the configuration profile is one of {@link #PROFILES}: a production deployment runs the
 * {@code prod} profile, so setting one of them by accident stops the service instead of changing
 * what it bills. Tests start packaged services with {@code QUARKUS_PROFILE=it}.
 */
public final class TestOnlySettings {

    /** The profiles that may use test-only settings. */
    public static final List<String> PROFILES = List.of("it", "test", "dev");

    private TestOnlySettings() {}

    /** True when the active profile may use test-only settings. */
    public static boolean allowed() {
        List<String> active =
                ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        return active.stream().anyMatch(PROFILES::contains);
    }

    /**
     * Fails (the service does not start) when {@code key} is set outside a test profile.
     *
     * @param key the setting, as named in the configuration (e.g. {@code tally.clock.offset})
     */
    public static void refuseOutsideTests(String key) {
        if (!allowed()) {
            throw new IllegalStateException(key + " is a test-only setting and is refused in the "
                    + ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles()
                    + " profile; unset it (tests run packaged services with QUARKUS_PROFILE=it)");
        }
    }
}
