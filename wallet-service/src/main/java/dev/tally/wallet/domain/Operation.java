package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The call being applied, as its ledger entries record it.
 *
 * @param id             shared by every entry the call writes (debit_id, grant_id, hold_id, reversal_id)
 * @param idempotencyKey null for changes the service makes itself
 * @param at             the instant of the transaction (from the injected clock): "now" for every rule
 */
public record Operation(
        UUID id,
        String idempotencyKey,
        String reference,
        String description,
        Map<String, String> metadata,
        Instant at) {

    public Operation {
        metadata = Map.copyOf(metadata);
    }

    Operation withReference(String newReference) {
        return new Operation(id, idempotencyKey, newReference, description, metadata, at);
    }
}
