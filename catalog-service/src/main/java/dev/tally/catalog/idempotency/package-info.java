/**
 * The catalog's idempotency key (client key, operation, request hash), stored by
 * {@code store.IdempotencyStore}. Moves onto the shared idempotency kit in service-support.
 */
package dev.tally.catalog.idempotency;
