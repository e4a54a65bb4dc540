package dev.tally.invoice.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A period's usage as usage-service reports it.
 *
 * @param pendingDebits debits of the period not yet applied in the wallet (the close waits for 0)
 * @param usedUnits     units used per feature code (METERED: the period's totals)
 * @param recorded      the report as the USAGE step records it (usage-service's response)
 */
public record PeriodUsage(long pendingDebits, Map<String, BigDecimal> usedUnits, byte[] recorded) {}
