package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The crash injection of the period close ({@code tally.invoice.billing.crash-at}) is in the
 * packaged service for the crash tests, and cannot halt a production replica by accident: outside
 * the {@code it}, {@code test} and {@code dev} profiles the service refuses to start with it.
 */
class CrashInjectionRefusedIT {

    @Test
    void theServiceRefusesToStartWithCrashInjectionOutsideATestProfile() throws IOException {
        TestDatabase pg = TestDatabase.get();
        String database = pg.createDatabase("crash_refused");
        Map<String, String> env = new HashMap<>(Replicas.databaseEnv(pg, database));
        env.put("TALLY_INVOICE_BILLING_CRASH_AT", "SETTLE");
        try (ServiceProcess process = Replicas.launch(TallyService.INVOICE, "crash-refused-invoice", env)) {
            OptionalInt exit = process.awaitExit(Duration.ofSeconds(120));
            assertThat(exit)
                    .as("the service stopped (see " + process.log() + ")")
                    .isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(Files.readString(process.log()))
                    .contains("tally.invoice.billing.crash-at is a test-only setting");
        } finally {
            pg.dropDatabase(database);
        }
    }
}
