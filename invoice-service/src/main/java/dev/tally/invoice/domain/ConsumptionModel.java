package dev.tally.invoice.domain;

/** How a plan charges for usage (exactly one per plan). */
public enum ConsumptionModel {
    METERED, CREDITS, BALANCE
}
