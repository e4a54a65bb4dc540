package dev.tally.usage.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** A wallet hold placed by a reserving Check: its id, the amount held (in {@code unit}) and when it expires. */
public record Hold(String holdId, BigDecimal amount, String unit, Instant expireTime) {}
