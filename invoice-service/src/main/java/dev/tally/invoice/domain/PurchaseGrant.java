package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;

/**
 * What a purchase grants in the wallet, never expiring: a credit pack's credits, or a top-up's money.
 *
 * @param reference      the purchase's invoice id
 * @param idempotencyKey {@code purchase:<invoice id>}: a repeat after a crash replays the first grant
 */
public record PurchaseGrant(
        Kind kind, String customerId, Money amount, String reference, String description, String idempotencyKey) {

    /** A credit pack (granted from source PACK) or a top-up. */
    public enum Kind {
        CREDIT_PACK,
        TOP_UP
    }
}
