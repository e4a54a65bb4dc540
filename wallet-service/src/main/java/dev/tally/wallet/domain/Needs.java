package dev.tally.wallet.domain;

import java.util.UUID;

/**
 * What a command needs loaded into its balance book beyond the balance and its open grants (which
 * every command gets). Debits need nothing more, which keeps DebitBatch's reads to two statements.
 *
 * @param shortfalls the balance's outstanding shortfall (to pay, claim or cancel it)
 * @param holdId     a hold of the customer, or null
 * @param debitId    a past debit of the customer with the grants it touched, or null
 */
public record Needs(boolean shortfalls, UUID holdId, UUID debitId) {

    public static final Needs NOTHING = new Needs(false, null, null);
    public static final Needs SHORTFALLS = new Needs(true, null, null);

    public static Needs hold(UUID holdId) {
        return new Needs(false, holdId, null);
    }

    public static Needs debit(UUID debitId) {
        return new Needs(true, null, debitId);
    }
}
