package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;

/**
 * A period's shortfall claimed in the wallet for its closing invoice.
 *
 * @param settled  what the wallet settled: exactly what the invoice bills
 * @param recorded the answer as the SETTLE step records it (wallet-service's response)
 */
public record Settlement(Money settled, byte[] recorded) {}
