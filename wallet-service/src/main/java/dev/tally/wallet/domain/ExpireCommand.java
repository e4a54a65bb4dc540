package dev.tally.wallet.domain;

import dev.tally.support.idempotency.PayloadHash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * ExpireGrants: remove the remainder of grants whose expire time is at or before {@code asOf}.
 *
 * @param onlySource null for any source
 * @param onlyPeriod null for any period
 */
public record ExpireCommand(
        String customerId, String unit, Instant asOf, GrantSource onlySource, String onlyPeriod, String idempotencyKey)
        implements WalletCommand<ExpiryResult> {

    @Override
    public OperationKind kind() {
        return OperationKind.EXPIRE_GRANTS;
    }

    @Override
    public byte[] payloadHash() {
        return PayloadHash.of(unit, asOf, onlySource, onlyPeriod);
    }

    @Override
    public Operation operation(UUID id, Instant at) {
        return new Operation(id, idempotencyKey, onlyPeriod, "grants expired as of " + asOf, Map.of(), at);
    }

    @Override
    public ExpiryResult applyTo(BalanceBook book, Operation op) {
        return book.expire(asOf, onlySource, onlyPeriod, op);
    }
}
