package dev.tally.usage.store;

import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.WalletOp;
import java.util.UUID;

/**
 * One outbox row to deliver: the exact request bytes, what the event's status becomes once it is
 * acknowledged, how often it was tried, and (for a reversal) the debit currently in force.
 */
public record OutboxRow(
        long outboxId,
        UUID eventId,
        String customerId,
        WalletOp.Kind kind,
        byte[] request,
        DebitStatus statusAfter,
        int attempts,
        String currentDebitId) {}
