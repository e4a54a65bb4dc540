/**
 * What a sync changes and whether it may: the diff of a source against the catalog
 * ({@link dev.tally.catalog.domain.sync.SyncPlanner}), the guard that holds a suspicious run
 * ({@link dev.tally.catalog.domain.sync.SyncGuard}), source models and why entries are skipped, and
 * a run's report. Plain Java; the fetching is in {@code dev.tally.catalog.client}, the running in
 * {@code dev.tally.catalog.app}.
 */
package dev.tally.catalog.domain.sync;
