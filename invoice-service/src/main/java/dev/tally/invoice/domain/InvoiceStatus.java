package dev.tally.invoice.domain;

/**
 * Lifecycle of an invoice: DRAFT → FINALIZED (numbered, immutable) → PAID, or DRAFT/FINALIZED →
 * VOID. Voiding a FINALIZED invoice issues a credit note; its number stays used.
 */
public enum InvoiceStatus {
    DRAFT,
    FINALIZED,
    PAID,
    VOID;

    public boolean canFinalize() {
        return this == DRAFT;
    }

    public boolean canPay() {
        return this == FINALIZED;
    }

    public boolean canVoid() {
        return this == DRAFT || this == FINALIZED;
    }
}
