package dev.tally.invoice.domain;

import java.time.Instant;

/**
 * What the database knows of a customer at an instant, for its entitlements.
 *
 * @param customerExists false: no such customer
 * @param period         the customer's last period started by then (null: none)
 * @param closedBefore   the end of the customer's last period that is closed or past its grace (null: none)
 */
public record PeriodAt(boolean customerExists, BillingPeriod period, Instant closedBefore) {}
