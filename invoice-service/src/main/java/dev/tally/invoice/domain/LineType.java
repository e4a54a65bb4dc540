package dev.tally.invoice.domain;

/** What an invoice line charges for. */
public enum LineType {
    BASE,
    OVERAGE,
    SHORTFALL,
    CREDIT_PACK,
    TOP_UP
}
