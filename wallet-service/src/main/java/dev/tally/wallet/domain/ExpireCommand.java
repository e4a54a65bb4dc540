package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * ExpireGrants: remove the remainder of grants whose expire time is at or before {@code asOf}.
 *
 * @param onlySource null for any source
 * @param onlyPeriod null for any period
 */
public record ExpireCommand(String customerId, String unit, Instant asOf, GrantSource onlySource, String onlyPeriod,
                            String idempotencyKey) implements WalletCommand<ExpiryResult> {

    @Override
    public OperationKind kind() {
        return OperationKind.EXPIRE_GRANTS;
    }

    @Override
    public byte[] fingerprint() {
        return Fingerprint.of(kind(), customerId, unit, asOf, onlySource, onlyPeriod);
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
