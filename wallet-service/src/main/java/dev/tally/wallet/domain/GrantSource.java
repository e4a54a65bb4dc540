package dev.tally.wallet.domain;

/** Why a customer holds a grant (mirrors {@code tally.wallet.v1.GrantSource}). */
public enum GrantSource {
    /** Credits included in a subscription period. */
    SUBSCRIPTION,
    /** A credit pack the customer bought. */
    PACK,
    /** Money the customer added. */
    TOP_UP,
    /** Free credits or money. */
    PROMO,
    /** A BALANCE plan's spending balance for one period. */
    PERIOD_BALANCE,
    /** What ReverseDebit returned where the consumed grant had expired; only the wallet creates it. */
    REFUND
}
