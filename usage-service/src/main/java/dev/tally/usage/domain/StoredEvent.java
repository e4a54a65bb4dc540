package dev.tally.usage.domain;

import dev.tally.shared.plan.ConsumptionModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored event as corrections and listings read it: its figures (what it adds to the
 * aggregates), its wallet and correction state, and its stored detail (the event as listed, a
 * {@code tally.usage.v1.UsageEvent} without that state, rendered and read by the grpc layer).
 *
 * @param debitShortfall the shortfall of the debit in force, once the wallet acknowledged it (else null)
 * @param debitError     the wallet's refusal (a tally.common.v1.ItemError) when FAILED, else null
 */
public record StoredEvent(
        UUID eventId,
        String customerId,
        Instant occurredTime,
        ConsumptionModel model,
        EventFigures figures,
        DebitStatus debitStatus,
        String debitId,
        BigDecimal debitShortfall,
        byte[] debitError,
        int revision,
        Instant voidTime,
        Instant amendTime,
        byte[] detail) {

    /** Whether a wallet debit (or capture) was made or is on its way for the event's current charge. */
    public boolean charged() {
        return !figures.chargeCurrency().isEmpty()
                && figures.chargeAmount().signum() > 0
                && debitStatus != DebitStatus.FAILED;
    }

    public BigDecimal units() {
        return figures.units();
    }
}
