package dev.tally.usage.health;

import dev.tally.usage.app.Pricing;
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

    private final Pricing pricing;

    PriceTableReadiness(Pricing pricing) {
        this.pricing = pricing;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("price table")
                .status(pricing.ready())
                .withData("models", pricing.models())
                .withData("catalog_revision", pricing.catalogRevision())
                .build();
    }
}
