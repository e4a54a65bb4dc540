package dev.tally.wallet.domain;

import dev.tally.shared.plan.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An amount of credits or money given to a customer, consumed by debits that occurred while it is
 * in force.
 *
 * @param effectiveTime  first instant it is in force
 * @param expireTime     instant it stops being in force (exclusive); null: never
 * @param period         start and end of the billing period it belongs to (informational, as its
 *                       caller stated them); null when none
 * @param createdVersion the balance version its grant operation produced: orders the grants of
 *                       one balance by age ("oldest first"), independent of clocks
 * @param closeTime      when ExpireGrants removed its remainder; null while open
 */
public record Grant(
        UUID id,
        String customerId,
        String unit,
        GrantSource source,
        BigDecimal originalAmount,
        BigDecimal remainingAmount,
        Instant effectiveTime,
        Instant expireTime,
        int priority,
        String periodReference,
        Period period,
        String reference,
        String description,
        long createdVersion,
        Instant createTime,
        Instant closeTime) {

    /** Open: something left and not removed by ExpireGrants; only open grants are consumed. */
    public boolean isOpen() {
        return remainingAmount.signum() > 0 && closeTime == null;
    }

    /** In force at {@code t}: effective_time <= t < expire_time. */
    public boolean inForceAt(Instant t) {
        return !effectiveTime.isAfter(t) && (expireTime == null || t.isBefore(expireTime));
    }

    /** Not in force yet at {@code t}. */
    public boolean upcomingAt(Instant t) {
        return effectiveTime.isAfter(t);
    }

    /** Past its expire_time at {@code t}, so nothing happening from {@code t} on can use it. */
    public boolean expiredAt(Instant t) {
        return expireTime != null && !t.isBefore(expireTime);
    }

    /**
     * Whether this grant may pay the shortfall of a debit that occurred at {@code occurred}: a grant
     * with an expiry only shortfall that occurred while it is in force, one without any.
     */
    public boolean mayPayShortfallOf(Instant occurred) {
        return expireTime == null || inForceAt(occurred);
    }

    Grant withRemaining(BigDecimal remaining) {
        return new Grant(
                id,
                customerId,
                unit,
                source,
                originalAmount,
                remaining,
                effectiveTime,
                expireTime,
                priority,
                periodReference,
                period,
                reference,
                description,
                createdVersion,
                createTime,
                closeTime);
    }

    Grant close(Instant at) {
        return new Grant(
                id,
                customerId,
                unit,
                source,
                originalAmount,
                BigDecimal.ZERO,
                effectiveTime,
                expireTime,
                priority,
                periodReference,
                period,
                reference,
                description,
                createdVersion,
                createTime,
                at);
    }
}
