package dev.tally.wallet.domain;

/** A hold as Reserve or Release left it, and the balance afterwards. */
public record HoldResult(Hold hold, BalanceView balance) {}
