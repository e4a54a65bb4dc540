package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Billing periods (table billing_period). */
@ApplicationScoped
public class BillingPeriodRepository implements PanacheRepositoryBase<BillingPeriodEntity, String> {
}
