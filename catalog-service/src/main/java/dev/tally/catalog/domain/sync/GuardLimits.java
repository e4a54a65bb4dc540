package dev.tally.catalog.domain.sync;

import java.math.BigDecimal;

/**
 * When the sync guard holds a run: more than {@code maxDeactivatedRatio} of the source's active
 * models would be deactivated, or more than {@code maxRepricedRatio} of the compared prices would
 * change by more than {@code repriceFactor} times (up or down).
 */
public record GuardLimits(BigDecimal maxDeactivatedRatio, BigDecimal maxRepricedRatio, BigDecimal repriceFactor) {

    public static final GuardLimits DEFAULT =
            new GuardLimits(new BigDecimal("0.20"), new BigDecimal("0.20"), new BigDecimal("5"));
}
