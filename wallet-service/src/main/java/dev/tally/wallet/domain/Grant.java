package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An amount of credits or money given to a customer, consumed by debits.
 *
 * @param createdVersion the balance version its grant operation produced: orders the grants of
 *                       one balance by age ("oldest first"), independent of clocks
 * @param expiresAt      null: never expires
 * @param expiredAt      when ExpireGrants removed its remainder; null while not expired
 */
public record Grant(UUID id, String customerId, String unit, GrantSource source,
                    BigDecimal originalAmount, BigDecimal remainingAmount, Instant expiresAt, int priority,
                    String periodReference, String reference, String description,
                    long createdVersion, Instant createdAt, Instant expiredAt) {

    /** Live: something left and not expired; only live grants are consumed. */
    public boolean isLive() {
        return remainingAmount.signum() > 0 && expiredAt == null;
    }

    Grant withRemaining(BigDecimal remaining) {
        return new Grant(id, customerId, unit, source, originalAmount, remaining, expiresAt, priority,
                periodReference, reference, description, createdVersion, createdAt, expiredAt);
    }

    Grant expire(Instant at) {
        return new Grant(id, customerId, unit, source, originalAmount, BigDecimal.ZERO, expiresAt, priority,
                periodReference, reference, description, createdVersion, createdAt, at);
    }
}
