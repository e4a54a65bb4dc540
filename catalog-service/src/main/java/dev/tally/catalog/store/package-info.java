/**
 * The catalog's SQL. It uses the reactive PostgreSQL client ({@code io.vertx.mutiny.sqlclient.Pool})
 * directly rather than Panache: a sync writes thousands of models, versions and rates in one
 * transaction (batched statements), and the same connection must hold the sync's advisory lock
 * and write the run's state and the caller's idempotency record atomically with the catalog
 * change, which a Panache session cannot share. Transactions are opened with
 * {@code pool.withTransaction}; nothing here blocks.
 */
package dev.tally.catalog.store;
