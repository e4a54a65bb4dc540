package dev.tally.wallet.domain;

/** One balance: a customer's wallet and a unit. */
public record BalanceKey(String customerId, String unit) {}
