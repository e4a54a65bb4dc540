package dev.tally.wallet.domain;

/** A captured hold and the debit of its final amount. */
public record CaptureResult(Hold hold, DebitResult debit) {}
