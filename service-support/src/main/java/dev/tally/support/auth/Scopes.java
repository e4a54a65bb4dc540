package dev.tally.support.auth;

import java.util.List;
import java.util.Set;

/**
 * Every scope an API key can grant: the roles of {@code @RolesAllowed} on each RPC (the one place
 * where an RPC's scope is declared) and the values {@code CreateApiKey} accepts. docs/security.md
 * has the table of RPCs per scope and who should hold which.
 */
public final class Scopes {

    /** usage-service Track, TrackBatch, TrackStream, Check, VoidEvent, AmendEvent. */
    public static final String USAGE_WRITE = "usage:write";
    /** usage-service GetUsage, ListEvents, QueryUsage. */
    public static final String USAGE_READ = "usage:read";
    /** wallet-service GetBalance, WatchBalance, ListTransactions. */
    public static final String BALANCE_READ = "balance:read";
    /** wallet-service writes (debits, holds, grants, top-ups, expiry, settlement, thresholds): internal callers only. */
    public static final String WALLET_WRITE = "wallet:write";
    /** invoice-service reads: plans, customers, subscriptions, invoices, entitlements. */
    public static final String BILLING_READ = "billing:read";
    /** invoice-service writes: plans, customers, subscriptions, credit packs, top-ups, invoice state. */
    public static final String BILLING_ADMIN = "billing:admin";
    /** catalog-service ListModels, GetModel, QuoteCost, GetSyncStatus, ListSyncChanges, WatchPriceChanges. */
    public static final String CATALOG_READ = "catalog:read";
    /** catalog-service UpsertModelPrice, SyncNow, ApplyHeldSync, DiscardHeldSync. */
    public static final String CATALOG_ADMIN = "catalog:admin";
    /** invoice-service CreateApiKey, ListApiKeys, RevokeApiKey. */
    public static final String KEYS_ADMIN = "keys:admin";
    /** invoice-service VerifyApiKey, WatchApiKeyRevocations: services that verify keys. */
    public static final String KEYS_VERIFY = "keys:verify";

    /** Every scope, in the order docs/security.md lists them. */
    public static final List<String> ALL = List.of(
            USAGE_WRITE,
            USAGE_READ,
            BALANCE_READ,
            WALLET_WRITE,
            BILLING_READ,
            BILLING_ADMIN,
            CATALOG_READ,
            CATALOG_ADMIN,
            KEYS_ADMIN,
            KEYS_VERIFY);

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private Scopes() {}

    /** Whether {@code scope} is one of {@link #ALL}. */
    public static boolean isKnown(String scope) {
        return KNOWN.contains(scope);
    }
}
