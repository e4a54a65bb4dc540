package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * A customer's balance in one unit as stored, with its open grants in consumption order, seen at
 * instant {@code now} (what is in force depends on it).
 *
 * @param openGranted remaining of every open grant: in force, upcoming or lapsed (the ledger's granted)
 * @param shortfall   outstanding shortfall
 * @param held        sum of the active holds
 * @param threshold   low-balance threshold, null when none is set
 * @param version     0 for a unit never held
 * @param updateTime  null for a unit never held
 * @param shortfallTimes when the outstanding shortfall occurred and the windows of the grants that may
 *                    be in force (used-up ones too): what tells the unbilled part apart
 * @param now         the instant the view describes: the read, or the change that produced it
 */
public record BalanceView(
        String customerId,
        String unit,
        BigDecimal openGranted,
        BigDecimal shortfall,
        BigDecimal held,
        long version,
        BigDecimal threshold,
        Instant updateTime,
        List<Grant> grants,
        ShortfallTimes shortfallTimes,
        Instant now) {

    public BalanceView {
        grants = grants.stream().sorted(GrantOrder.CONSUMPTION).toList();
    }

    /** The balance of a unit the wallet never held. */
    public static BalanceView empty(String customerId, String unit, Instant now) {
        return new BalanceView(
                customerId,
                unit,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                0,
                null,
                null,
                List.of(),
                ShortfallTimes.NONE,
                now);
    }

    /** Remaining of the grants in force now. */
    public BigDecimal granted() {
        return sum(g -> g.inForceAt(now));
    }

    /** Remaining of the grants not in force yet. */
    public BigDecimal upcoming() {
        return sum(g -> g.upcomingAt(now));
    }

    /** Remaining of the grants past their expiry whose remainder ExpireGrants has not removed yet. */
    public BigDecimal lapsed() {
        return sum(g -> g.expiredAt(now));
    }

    /**
     * What the customer can spend now: granted - (shortfall - unbilled shortfall) - held (negative
     * while the grants in force owe and hold more than they have).
     */
    public BigDecimal available() {
        return available(granted(), shortfall, unbilled().amount(), held);
    }

    /**
     * The one formula of the available balance (also {@code BalanceBook.available}): unbilled
     * shortfall ({@link ShortfallTimes#unbilled}) does not reduce it.
     */
    static BigDecimal available(BigDecimal granted, BigDecimal shortfall, BigDecimal unbilled, BigDecimal held) {
        return granted.subtract(shortfall.subtract(unbilled)).subtract(held);
    }

    /** The outstanding shortfall no grant in force now would pay, and when it occurred. */
    public ShortfallTimes.Unbilled unbilled() {
        return shortfallTimes.unbilled(now);
    }

    /** The ledger balance: every open grant - shortfall - held (what the ledger's balance_after shows). */
    public BigDecimal ledgerBalance() {
        return openGranted.subtract(shortfall).subtract(held);
    }

    /**
     * The first instant after {@code now} at which one of the grants enters or leaves force (its
     * {@code effective_time} or {@code expire_time}, used-up grants included); null when none ever
     * will. Until then every figure of this view stays the same without any write: granted,
     * upcoming, lapsed, unbilled shortfall, available and whether it is below the threshold change
     * only with time at these boundaries.
     */
    public Instant nextBoundary() {
        Instant next = shortfallTimes.nextBoundary(now);
        for (Grant grant : grants) {
            next = earliestAfterNow(next, grant.effectiveTime());
            next = earliestAfterNow(next, grant.expireTime());
        }
        return next;
    }

    private Instant earliestAfterNow(Instant next, Instant boundary) {
        return boundary != null && boundary.isAfter(now) && (next == null || boundary.isBefore(next)) ? boundary : next;
    }

    public boolean belowThreshold() {
        return threshold != null && available().compareTo(threshold) < 0;
    }

    private BigDecimal sum(Predicate<Grant> which) {
        BigDecimal total = BigDecimal.ZERO;
        for (Grant grant : grants) {
            if (which.test(grant)) {
                total = total.add(grant.remainingAmount());
            }
        }
        return total;
    }
}
