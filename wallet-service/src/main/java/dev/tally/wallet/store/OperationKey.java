package dev.tally.wallet.store;

/** An idempotency key, unique per customer. */
record OperationKey(String customerId, String idempotencyKey) {
}
