package dev.tally.usage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** usage-service settings ({@code tally.usage.*}); each key can be set by its environment variable. */
@ConfigMapping(prefix = "tally.usage")
public interface UsageConfig {

    Flush flush();

    Stream stream();

    Wallet wallet();

    Outbox outbox();

    Entitlements entitlements();

    Prices prices();

    /** How accepted events are grouped into database transactions (all of Track, TrackBatch, TrackStream). */
    interface Flush {
        /** Most events in one transaction (and one DebitBatch). */
        @WithDefault("1000")
        int maxItems();

        /** Longest an event waits for others to join its transaction when a flush slot is free. */
        @WithDefault("2ms")
        Duration maxDelay();

        /** Transactions (with their DebitBatch) in flight at once per replica. */
        @WithDefault("4")
        int concurrency();
    }

    /** TrackStream flow control. */
    interface Stream {
        /** Items read from a stream beyond those answered; then the server stops reading. */
        @WithDefault("1000")
        int maxUnanswered();
    }

    /** Calls to wallet-service. */
    interface Wallet {
        /** Deadline of one wallet call; after it the event stays PENDING and the outbox retries. */
        @WithDefault("2s")
        Duration deadline();

        /** Most debits per DebitBatch call (the wallet's tally.wallet.debit-batch.max-items). */
        @WithDefault("1000")
        int debitBatchMaxItems();
    }

    /** The delivery outbox. */
    interface Outbox {
        /** How often every replica looks for due rows (after an outage, across restarts). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long a claimed row is left to the replica delivering it before another may take it. */
        @WithDefault("30s")
        Duration lease();

        /** First retry delay after a transient failure; doubles per attempt (with jitter). */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest retry delay. */
        @WithDefault("60s")
        Duration maxBackoff();

        /** Rows claimed per poll (several DebitBatch calls when above the wallet's batch size). */
        @WithDefault("2000")
        int claimSize();
    }

    /** The entitlements cache (invoice-service). */
    interface Entitlements {
        /** Longest a cached answer is used while WatchEntitlementChanges is connected. */
        @WithDefault("60s")
        Duration maxAge();

        /** Longest a cached answer is used while the change stream is down. */
        @WithDefault("5s")
        Duration staleAge();

        /** Deadline of one entitlements call. */
        @WithDefault("5s")
        Duration deadline();

        /** Wait before reconnecting the change stream (doubles up to 30 s). */
        @WithDefault("1s")
        Duration reconnectInterval();
    }

    /** The price table (catalog-service WatchPriceChanges). */
    interface Prices {
        /** Wait before reconnecting the price stream (doubles up to 30 s, reset by a snapshot). */
        @WithDefault("1s")
        Duration reconnectInterval();
    }
}
