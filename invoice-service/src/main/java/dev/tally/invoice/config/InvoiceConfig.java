package dev.tally.invoice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** invoice-service settings ({@code tally.invoice.*}, each overridable by its environment variable). */
@ConfigMapping(prefix = "tally.invoice")
public interface InvoiceConfig {

    /**
     * How long after a period's end its late events are still accepted; the period is closed and
     * invoiced after it (env TALLY_INVOICE_GRACE_PERIOD).
     */
    @WithDefault("1h")
    Duration gracePeriod();

    /**
     * How far in the past a new subscription's {@code start_time} may be (env
     * TALLY_INVOICE_MAX_START_BACKDATE). The default covers clock skew between caller and service;
     * a longer limit lets an operator bring over subscriptions that started in another billing
     * system, keeping their anchor day (period 0 then ends one interval after that start).
     */
    @WithDefault("5m")
    Duration maxStartBackdate();

    /** Prefix of invoice numbers, {@code <prefix>-<year>-000001} (env TALLY_INVOICE_NUMBER_PREFIX). */
    @WithDefault("TALLY")
    String numberPrefix();

    Billing billing();

    Entitlements entitlements();

    /**
     * Longest wait for one call to wallet-service or usage-service (env TALLY_INVOICE_CALL_DEADLINE),
     * applied per call (a stub's configured deadline would be one instant fixed when it is created).
     */
    @WithDefault("10s")
    Duration callDeadline();

    interface Billing {
        /**
         * Run the billing job on this replica (env TALLY_INVOICE_BILLING_ENABLED); false in tests, which
         * run it themselves. Every replica may run it: work is shared through the database.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often the billing job looks for due work: subscriptions to start or renew, grants to
         * make, periods to close, purchases to complete (env TALLY_INVOICE_BILLING_INTERVAL).
         */
        @WithDefault("10s")
        Duration interval();

        /** Most items of one kind the job takes per run (env TALLY_INVOICE_BILLING_BATCH_SIZE). */
        @WithDefault("1000")
        int batchSize();

        /** Items the job works on at once (env TALLY_INVOICE_BILLING_CONCURRENCY). */
        @WithDefault("8")
        int concurrency();

        /**
         * Finalize the invoice closing a period (true), or leave it a complete DRAFT for review,
         * finalized with FinalizeInvoice (env TALLY_INVOICE_BILLING_FINALIZE_CLOSING_INVOICES).
         */
        @WithDefault("true")
        boolean finalizeClosingInvoices();

        /** A purchase interrupted between its grant and its invoice is completed by the job after this (env TALLY_INVOICE_BILLING_PURCHASE_REPAIR_DELAY). */
        @WithDefault("1m")
        Duration purchaseRepairDelay();

        /**
         * Crash tests only: {@code <STEP>[:AFTER_COMMIT]} halts this process when a period close
         * reaches that point (env TALLY_INVOICE_BILLING_CRASH_AT). A test-only setting: the service
         * refuses to start with it outside the it/test/dev profiles (see CloseFaults).
         */
        Optional<String> crashAt();
    }

    interface Entitlements {
        /** Longest time an entitlement answer may be cached when no period bound comes sooner. */
        @WithDefault("1h")
        Duration maxCache();

        /** Most lookups one BatchGetCustomerEntitlements call may carry. */
        @WithDefault("1000")
        int batchMaxItems();

        /** Wait before re-establishing the LISTEN connection that carries changes across replicas. */
        @WithDefault("1s")
        Duration reconnectInterval();
    }
}
