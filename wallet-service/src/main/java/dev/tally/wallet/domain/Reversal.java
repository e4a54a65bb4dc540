package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.UUID;

/** A debit reversed (stored so that it is reversed at most once). */
public record Reversal(UUID debitId, String customerId, UUID reversalId, Instant at) {}
