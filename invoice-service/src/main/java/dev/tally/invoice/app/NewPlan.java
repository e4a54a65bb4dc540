package dev.tally.invoice.app;

import dev.tally.invoice.domain.PlanTerms;

/**
 * A validated plan as CreatePlan or UpdatePlan received it.
 *
 * @param planId null for CreatePlan
 */
public record NewPlan(String planId, String planCode, String currency, PlanTerms terms) {
}
