package dev.tally.wallet.domain;

import java.time.Instant;
import java.util.List;

/**
 * Filters and position of one page of a customer's ledger (ListTransactions).
 *
 * @param unit       null for every unit
 * @param from       inclusive, null for open
 * @param until      exclusive, null for open
 * @param types      the entry types wanted; empty for every type
 * @param reference  null for any
 * @param descending newest first
 * @param after      entry id to continue after (before, when descending): 0 / Long.MAX_VALUE to start
 * @param limit      entries to read
 */
public record LedgerQuery(
        String customerId,
        String unit,
        Instant from,
        Instant until,
        List<EntryType> types,
        String reference,
        boolean descending,
        long after,
        int limit) {}
