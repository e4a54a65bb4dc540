package dev.tally.invoice.domain;

/** Why an invoice exists. */
public enum InvoiceKind {
    PERIOD,
    PURCHASE,
    CREDIT_NOTE
}
