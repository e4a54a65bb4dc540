package dev.tally.usage.domain;

/**
 * Where an event's wallet call stands ({@code usage_event.debit_status}): nothing to debit
 * (METERED, a zero charge), on its way (the outbox holds a call), acknowledged by the wallet, or
 * refused by it for good.
 */
public enum DebitStatus {
    NOT_REQUIRED,
    PENDING,
    APPLIED,
    FAILED
}
