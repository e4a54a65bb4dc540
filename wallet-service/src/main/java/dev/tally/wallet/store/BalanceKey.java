package dev.tally.wallet.store;

/** One balance: a customer's wallet and a unit. */
record BalanceKey(String customerId, String unit) {
}
