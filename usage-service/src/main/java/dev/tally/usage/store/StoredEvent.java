package dev.tally.usage.store;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.v1.UsageEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored event as corrections and listings read it: its listed form ({@link #event()}: the
 * stored detail with the current debit and correction state), its figures (what it adds to the
 * aggregates), and its correction state.
 */
public record StoredEvent(UUID eventId, String customerId, Instant occurredTime, ConsumptionModel model,
                          EventFigures figures, String debitStatus, String debitId, int revision, Instant voidTime,
                          UsageEvent event) {

    /** Whether a wallet debit (or capture) was made or is on its way for the event's current charge. */
    public boolean charged() {
        return !figures.chargeCurrency().isEmpty() && figures.chargeAmount().signum() > 0
                && !"FAILED".equals(debitStatus);
    }

    public BigDecimal units() {
        return figures.units();
    }
}
