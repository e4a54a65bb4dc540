package dev.tally.usage.store;

import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.WalletOp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What delivering one outbox row came to. */
public sealed interface DeliveryResult {

    long outboxId();

    /**
     * The wallet acknowledged: the event's debit in force becomes {@code debitId} (null for a
     * reversal or a release: none in force), with its shortfall and the balance after it.
     */
    record Acknowledged(
            long outboxId,
            UUID eventId,
            DebitStatus statusAfter,
            boolean clearsDebit,
            String debitId,
            BigDecimal shortfall,
            BigDecimal balanceAfter)
            implements DeliveryResult {}

    /** Refused for good: the event's status becomes FAILED with this error (a tally.common.v1.ItemError). */
    record Refused(long outboxId, UUID eventId, byte[] itemError, String message) implements DeliveryResult {}

    /** A transient failure: try again at {@code nextAttempt}. */
    record Retry(long outboxId, Instant nextAttempt, String error) implements DeliveryResult {}

    /** The row becomes another call (a capture whose hold is gone becomes a plain debit), tried at once. */
    record Replaced(long outboxId, WalletOp.Kind kind, byte[] request) implements DeliveryResult {}
}
