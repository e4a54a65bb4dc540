package dev.tally.pricing;

import java.math.BigDecimal;

/** The cost of one kind of tokens in a quote: tokens × rate, exact. */
public record CostLine(TokenType type, long tokens, BigDecimal rate, BigDecimal cost) {}
