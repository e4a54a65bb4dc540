package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One append-only ledger entry.
 *
 * @param entryId      ledger order; null until stored
 * @param amount       always positive; its effect is set by the type (see {@link EntryType})
 * @param balanceAfter the ledger balance (granted - shortfall - held) right after the entry
 * @param version      balance version after the operation that wrote the entry
 * @param grantId      grant concerned, or null
 * @param debitId      debit concerned (the debit itself, the one whose shortfall is settled, the one
 *                     reversed), or null
 * @param holdId       hold concerned (HOLD, HOLD_RELEASE), or null
 * @param occurredTime when the usage of {@code debitId} occurred; null without a debit
 */
public record LedgerEntry(
        Long entryId,
        String customerId,
        String unit,
        EntryType type,
        BigDecimal amount,
        BigDecimal balanceAfter,
        BigDecimal shortfallAfter,
        long version,
        UUID grantId,
        UUID debitId,
        UUID holdId,
        Instant occurredTime,
        UUID operationId,
        String reference,
        String idempotencyKey,
        String description,
        Map<String, String> metadata,
        Instant createTime) {}
