package dev.tally.invoice.domain;

/**
 * A validated plan as CreatePlan or UpdatePlan received it.
 *
 * @param planId null for CreatePlan
 */
public record NewPlan(String planId, String planCode, String currency, PlanTerms terms) {}
