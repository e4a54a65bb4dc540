package dev.tally.wallet.store;

import dev.tally.support.idempotency.IdempotencyStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The wallet's idempotency records: service-support's {@link IdempotencyStore} on the
 * {@code idempotency_record} table of {@code V1__wallet_schema.sql}, one instance for the service.
 */
public class IdempotencyRecords {

    @Produces
    @Singleton
    IdempotencyStore idempotencyStore() {
        return new IdempotencyStore();
    }
}
