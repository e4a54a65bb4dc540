package dev.tally.catalog.health;

import dev.tally.catalog.app.PriceTable;
import dev.tally.catalog.app.StartupSeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the price table is loaded and a fresh install has been seeded. */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements HealthCheck {

    private final PriceTable table;
    private final StartupSeed seed;

    public CatalogReadiness(PriceTable table, StartupSeed seed) {
        this.table = table;
        this.seed = seed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("catalog-price-table")
                .status(table.loaded() && seed.settled())
                .withData("models", table.current().size())
                .withData("revision", table.current().revision())
                .build();
    }
}
