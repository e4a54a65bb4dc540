package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;

/** What one plan version sells: name, base price per period, period length and the model's terms. */
public record PlanTerms(String displayName, Money basePrice, BillingInterval interval, ModelTerms model) {}
