package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** A change took the available balance below its low-balance threshold (recorded for delivery). */
public record LowBalanceCrossing(
        String customerId, String unit, BigDecimal threshold, BigDecimal available, long version, Instant at) {}
