package dev.tally.shared.plan;

/** How a plan charges usage (exactly one per plan); stored by name (e.g. {@code usage_event.consumption_model}). */
public enum ConsumptionModel {
    /** Allowance + overage billed at period end: units only, nothing debited in real time. */
    METERED,
    /** Credits per unit, debited from credit grants in real time. */
    CREDITS,
    /** Money: token events cost × (1 + margin), units events value × unit price, debited in real time. */
    BALANCE
}
