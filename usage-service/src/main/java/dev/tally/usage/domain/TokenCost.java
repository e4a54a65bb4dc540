package dev.tally.usage.domain;

import java.math.BigDecimal;

/**
 * The provider cost of a token event, as the catalog prices it (the same pricing code): the model
 * the caller's id resolved to, its provider, the price version in force at the event's time, the
 * exact cost in the version's currency, and whether the long-context tier or batch rates applied.
 */
public record TokenCost(
        String modelId,
        String provider,
        String priceVersionId,
        BigDecimal providerCost,
        String costCurrency,
        boolean longContextTier,
        boolean batch) {}
