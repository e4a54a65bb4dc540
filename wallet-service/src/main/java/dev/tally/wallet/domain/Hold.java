package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An amount reserved by Reserve until it is captured, released or expires.
 *
 * @param closeTime      when it stopped being active; null while active
 * @param capturedAmount CAPTURED only: the final amount debited
 * @param debitId        CAPTURED only: the capture's debit
 */
public record Hold(
        UUID id,
        String customerId,
        String unit,
        BigDecimal amount,
        HoldState state,
        Instant expireTime,
        Instant createTime,
        Instant closeTime,
        BigDecimal capturedAmount,
        UUID debitId,
        String reference,
        String description) {

    public boolean isActive() {
        return state == HoldState.ACTIVE;
    }

    Hold close(HoldState end, Instant at, BigDecimal captured, UUID debit) {
        return new Hold(
                id, customerId, unit, amount, end, expireTime, createTime, at, captured, debit, reference, description);
    }
}
