package dev.tally.usage.health;

import dev.tally.usage.client.PriceTable;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the price table holds a complete catalog snapshot: before it, token events cannot
 * be priced. Later stream drops do not make the service unready (pricing goes on with the last table).
 */
@Readiness
@ApplicationScoped
public class PriceTableReadiness implements HealthCheck {

    private final PriceTable prices;

    PriceTableReadiness(PriceTable prices) {
        this.prices = prices;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("price table").status(prices.loaded())
                .withData("models", prices.size()).withData("catalog_revision", prices.revision()).build();
    }
}
