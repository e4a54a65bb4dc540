package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Where the amounts of a reversed debit go. What the debit took from grants, and what grants paid
 * of its shortfall since, returns to those grants while they can still be used (open, and not past
 * their expire time); the rest returns as one new REFUND grant that never expires. Its shortfall
 * still outstanding is cancelled; its shortfall claimed by an invoice is not reversed here (the
 * invoice side issues a credit note).
 * <p>
 * Worked example: debit D of 120 on July 20 took all of subscription S (80, in force July) and
 * left a shortfall of 40. On August 2 a pack P (no expiry) paid 25 of it (outstanding 40 - 25 =
 * 15); on August 3 the July invoice claimed the 15; S expired on August 1. Reversing D on August 5:
 * cancelled 0 (nothing outstanding), P gets its 25 back, S has expired so its 80 becomes a REFUND
 * grant of 80, and the claimed 15 is reported for a credit note: returned 25 + 80 = 105, and
 * 105 + 15 claimed = 120 = the debit.
 *
 * @param cancelled the debit's outstanding shortfall, cancelled
 * @param toGrants  amounts returned to usable grants, in the order the debit touched them
 * @param toRefund  the amount of the REFUND grant (zero: none)
 */
public record ReversalPlan(BigDecimal cancelled, Map<UUID, BigDecimal> toGrants, BigDecimal toRefund) {

    /**
     * @param outstanding the debit's shortfall still outstanding
     * @param grants      the grants the debit touched, as they are now, by id (null when unknown)
     */
    public static ReversalPlan of(
            DebitRecord debit, BigDecimal outstanding, Function<UUID, Grant> grants, Instant now) {
        Map<UUID, BigDecimal> toGrants = new LinkedHashMap<>();
        BigDecimal toRefund = BigDecimal.ZERO;
        for (List<DebitRecord.Part> parts : List.of(debit.consumed(), debit.paidByGrants())) {
            for (DebitRecord.Part part : parts) {
                Grant grant = grants.apply(part.grantId());
                if (grant != null && grant.closeTime() == null && !grant.expiredAt(now)) {
                    toGrants.merge(part.grantId(), part.amount(), BigDecimal::add);
                } else {
                    toRefund = toRefund.add(part.amount());
                }
            }
        }
        return new ReversalPlan(outstanding, toGrants, toRefund);
    }

    /** Everything returned to grants, the refund grant included. */
    public BigDecimal returnedTotal() {
        return toGrants.values().stream().reduce(toRefund, BigDecimal::add);
    }
}
