package dev.tally.usage.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * One row of QueryUsage totals per group and currency pair: the dimension values (in the order
 * asked; a day as its start's epoch seconds in text), the count, units, tokens and the amounts with
 * their currencies.
 */
public record GroupTotals(
        List<String> keys,
        long eventCount,
        BigDecimal units,
        long[] tokens,
        String costCurrency,
        BigDecimal providerCost,
        String chargeCurrency,
        BigDecimal chargeAmount,
        BigDecimal marginAmount) {}
