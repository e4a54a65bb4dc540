package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One append-only ledger entry.
 *
 * @param entryId       ledger order; null until stored
 * @param amount        always positive (ADJUSTMENT is signed); its effect is set by the type
 * @param balanceAfter  available (granted - shortfall) right after the entry
 * @param version       balance version after the operation that wrote the entry
 * @param grantId       grant concerned, null for SHORTFALL and for a settlement not paid by a grant
 */
public record LedgerEntry(Long entryId, String customerId, String unit, EntryType type, BigDecimal amount,
                          BigDecimal balanceAfter, BigDecimal shortfallAfter, long version, UUID grantId,
                          UUID operationId, String reference, String idempotencyKey, String description,
                          Map<String, String> metadata, Instant createdAt) {
}
