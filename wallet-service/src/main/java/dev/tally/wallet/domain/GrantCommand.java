package dev.tally.wallet.domain;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.idempotency.PayloadHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TopUp or GrantCredits: add a grant, opening the wallet if needed.
 *
 * @param kind          TOP_UP or GRANT_CREDITS (the same key cannot be used for both)
 * @param effectiveTime null: the transaction's instant
 * @param expireTime    null: never expires
 * @param period        the billing period's start and end (informational); null when none
 * @param lateLimit     how far in the past {@code expireTime} may be (configuration, not part of the
 *                      request: it is left out of the payload hash)
 */
public record GrantCommand(
        OperationKind kind,
        String customerId,
        Money amount,
        GrantSource source,
        Instant effectiveTime,
        Instant expireTime,
        int priority,
        String periodReference,
        Period period,
        String reference,
        String description,
        String idempotencyKey,
        Duration lateLimit)
        implements WalletCommand<GrantResult> {

    @Override
    public String unit() {
        return amount.currency();
    }

    @Override
    public boolean createsWallet() {
        return true;
    }

    @Override
    public Needs needs() {
        return Needs.SHORTFALLS;
    }

    @Override
    public byte[] payloadHash() {
        // the period is hashed only when given, so requests stored before it existed hash as they did
        return period == null
                ? PayloadHash.of(
                        amount, source, effectiveTime, expireTime, priority, periodReference, reference, description)
                : PayloadHash.of(
                        amount,
                        source,
                        effectiveTime,
                        expireTime,
                        priority,
                        periodReference,
                        reference,
                        description,
                        List.of(period.start(), period.end()));
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, reference, description, Map.of(), at);
    }

    @Override
    public GrantResult applyTo(BalanceBook book, Operation op) {
        return book.grant(
                source, amount.amount(), effectiveTime, expireTime, priority, periodReference, period, lateLimit, op);
    }
}
