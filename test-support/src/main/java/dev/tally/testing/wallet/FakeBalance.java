package dev.tally.testing.wallet;

import dev.tally.common.v1.Money;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.Hold;
import dev.tally.wallet.v1.HoldState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One balance of the {@link FakeWallet} (a customer and a unit), with the wallet's rules in
 * memory: grants in force by time and consumed in the wallet's order (priority, soonest expiry,
 * oldest), shortfall kept per debit and paid by new grants (a grant with an expiry only pays
 * shortfall that occurred in its window), claimed per period, cancelled by a reversal; holds; the
 * available balance = granted in force - (shortfall - unbilled shortfall) - held. Every method checks before it changes
 * anything; the caller holds the fake's lock.
 */
final class FakeBalance {

    /** The wallet's consumption order. */
    private static final Comparator<FakeGrant> CONSUMPTION = Comparator.<FakeGrant>comparingInt(g -> g.priority)
            .thenComparing(g -> g.expire, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(g -> g.createdVersion);

    final String customerId;
    final String unit;
    long version;
    Instant updateTime;
    /** Oldest first. */
    final List<FakeGrant> grants = new ArrayList<>();
    /** Shortfall per debit, in the order it was recorded. */
    final List<Lot> lots = new ArrayList<>();

    final Map<String, Hold> holds = new LinkedHashMap<>();
    final Map<String, Debit> debits = new LinkedHashMap<>();

    FakeBalance(String customerId, String unit) {
        this.customerId = customerId;
        this.unit = unit;
    }

    /** Takes {@code amount} from the grants in force at {@code occurred}; the rest is the debit's shortfall. */
    Debit debit(String debitId, BigDecimal amount, Instant occurred, Instant now) {
        Debit debit = new Debit(debitId, occurred);
        BigDecimal uncovered = amount;
        for (FakeGrant grant : open()) {
            if (uncovered.signum() == 0) {
                break;
            }
            if (grant.inForceAt(occurred)) {
                BigDecimal take = grant.remaining.min(uncovered);
                grant.remaining = grant.remaining.subtract(take);
                uncovered = uncovered.subtract(take);
                debit.consumed.add(new Part(grant, take));
            }
        }
        if (uncovered.signum() > 0) {
            debit.lot = new Lot(debitId, occurred, uncovered);
            lots.add(debit.lot);
        }
        debit.covered = amount.subtract(uncovered);
        debits.put(debitId, debit);
        changed(now);
        return debit;
    }

    /** Adds a grant, which first pays the outstanding shortfall it may pay, oldest first; returns what it paid. */
    BigDecimal grant(FakeGrant grant, Instant now) {
        grant.createdVersion = version + 1;
        grants.add(grant);
        BigDecimal paid = pay(grant);
        changed(now);
        return paid;
    }

    /** Removes the remainder of open grants expiring by {@code asOf} (optionally one source and period). */
    Map<FakeGrant, BigDecimal> expire(Instant asOf, GrantSource onlySource, String onlyPeriod, Instant now) {
        Map<FakeGrant, BigDecimal> expired = new LinkedHashMap<>();
        for (FakeGrant grant : open()) {
            if (grant.expire != null
                    && !grant.expire.isAfter(asOf)
                    && (onlySource == null || onlySource == grant.source)
                    && (onlyPeriod == null || onlyPeriod.equals(grant.periodReference))) {
                expired.put(grant, grant.remaining);
                grant.remaining = BigDecimal.ZERO;
                grant.closeTime = now;
            }
        }
        if (!expired.isEmpty()) {
            changed(now);
        }
        return expired;
    }

    /** Claims the outstanding shortfall that occurred in [from, until) (a lot without a time: any range). */
    List<Lot> settle(Instant from, Instant until, String reference, Instant now) {
        List<Lot> claimed = new ArrayList<>();
        for (Lot lot : outstanding()) {
            if (lot.occurred == null
                    || (from == null || !lot.occurred.isBefore(from)) && lot.occurred.isBefore(until)) {
                lot.claimed = lot.outstanding;
                lot.claimReference = reference;
                lot.outstanding = BigDecimal.ZERO;
                claimed.add(lot);
            }
        }
        if (!claimed.isEmpty()) {
            changed(now);
        }
        return claimed;
    }

    /** Undoes a debit (the wallet's {@code ReversalPlan}); the result's parts name where each amount went. */
    Reversal reverse(Debit debit, String reversalId, String reference, Instant now) {
        Reversal reversal = new Reversal();
        if (debit.lot != null && debit.lot.outstanding.signum() > 0) {
            reversal.cancelled = debit.lot.outstanding;
            debit.lot.outstanding = BigDecimal.ZERO;
        }
        List<Part> parts = new ArrayList<>(debit.consumed);
        if (debit.lot != null) {
            parts.addAll(debit.lot.paidBy);
            reversal.claimed = debit.lot.claimed;
            reversal.claimReference = debit.lot.claimReference;
        }
        List<FakeGrant> funded = new ArrayList<>();
        BigDecimal toRefund = BigDecimal.ZERO;
        for (Part part : parts) {
            FakeGrant grant = part.grant();
            if (grant.closeTime == null && (grant.expire == null || now.isBefore(grant.expire))) {
                grant.remaining = grant.remaining.add(part.amount());
                reversal.returned.add(new Part(grant, part.amount()));
                if (!funded.contains(grant)) {
                    funded.add(grant);
                }
            } else {
                toRefund = toRefund.add(part.amount());
            }
        }
        if (toRefund.signum() > 0) {
            reversal.refund = new FakeGrant(
                    reversalId, GrantSource.GRANT_SOURCE_REFUND, toRefund, now, null, 0, null, reference, now);
            reversal.refund.createdVersion = version + 1;
            grants.add(reversal.refund);
            funded.add(reversal.refund);
        }
        for (FakeGrant grant : funded) {
            reversal.settled = reversal.settled.add(pay(grant));
        }
        debit.reversed = true;
        changed(now);
        return reversal;
    }

    /** Releases the active holds whose expire time has passed (the wallet's hold expiry job). */
    void expireHolds(Instant now) {
        for (Hold hold : List.copyOf(holds.values())) {
            if (hold.getState() == HoldState.HOLD_STATE_ACTIVE
                    && !now.isBefore(FakeWallet.instant(hold.getExpireTime()))) {
                holds.put(
                        hold.getHoldId(),
                        hold.toBuilder()
                                .setState(HoldState.HOLD_STATE_EXPIRED)
                                .setCloseTime(FakeWallet.timestamp(now))
                                .build());
                changed(now);
            }
        }
    }

    /**
     * granted in force - (shortfall - unbilled) - held: shortfall counts only when a grant in force
     * now (used up or not) would pay it.
     */
    BigDecimal available(Instant now) {
        return sum(open(), g -> g.inForceAt(now))
                .subtract(shortfall().subtract(sumOf(unbilled(now))))
                .subtract(held());
    }

    /**
     * The outstanding lots that occurred outside the window of every expiring grant in force at
     * {@code now} (a grant that never expires has no window); used-up grants count, closed ones never
     * are in force. A lot a test put in place without a time is always owed.
     */
    List<Lot> unbilled(Instant now) {
        List<FakeGrant> inForce = grants.stream()
                .filter(g -> g.closeTime == null && g.expire != null && g.inForceAt(now))
                .toList();
        return outstanding().stream()
                .filter(l -> l.occurred != null && inForce.stream().noneMatch(g -> g.inForceAt(l.occurred)))
                .toList();
    }

    private static BigDecimal sumOf(List<Lot> lots) {
        return lots.stream().map(l -> l.outstanding).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The balance seen at {@code now}, with its open grants in consumption order when asked. */
    Balance toProto(Instant now, boolean withGrants) {
        List<FakeGrant> open = open();
        Balance.Builder balance = Balance.newBuilder()
                .setCustomerId(customerId)
                .setCurrencyCode(unit)
                .setAvailable(money(available(now)))
                .setGranted(money(sum(open, g -> g.inForceAt(now))))
                .setShortfall(money(shortfall()))
                .setHeld(money(held()))
                .setUpcoming(money(sum(open, g -> g.effective.isAfter(now))))
                .setLapsed(money(sum(open, g -> g.expire != null && !now.isBefore(g.expire))))
                .setVersion(version);
        List<Lot> unbilled = unbilled(now);
        balance.setUnbilledShortfall(money(sumOf(unbilled)));
        if (!unbilled.isEmpty()) {
            balance.setUnbilledShortfallTimeRange(dev.tally.common.v1.TimeRange.newBuilder()
                    .setStartTime(FakeWallet.timestamp(unbilled.stream()
                            .map(l -> l.occurred)
                            .min(Comparator.naturalOrder())
                            .orElseThrow()))
                    .setEndTime(FakeWallet.timestamp(unbilled.stream()
                            .map(l -> l.occurred)
                            .max(Comparator.naturalOrder())
                            .orElseThrow()
                            .plus(1, java.time.temporal.ChronoUnit.MICROS))));
        }
        if (updateTime != null) {
            balance.setUpdateTime(FakeWallet.timestamp(updateTime));
        }
        if (withGrants) {
            open.forEach(g -> balance.addGrants(g.toProto(customerId, unit)));
        }
        return balance.build();
    }

    GrantConsumption consumption(Part part) {
        return GrantConsumption.newBuilder()
                .setGrantId(part.grant().id)
                .setSource(part.grant().source)
                .setAmount(money(part.amount()))
                .setRemainingAfter(money(part.grant().remaining))
                .build();
    }

    Money money(BigDecimal amount) {
        return FakeWallet.money(amount, unit);
    }

    /** Open grants (something left, not removed by ExpireGrants) in consumption order. */
    List<FakeGrant> open() {
        return grants.stream().filter(FakeGrant::isOpen).sorted(CONSUMPTION).toList();
    }

    private List<Lot> outstanding() {
        return lots.stream()
                .filter(l -> l.outstanding.signum() > 0)
                .sorted(Comparator.comparing((Lot l) -> l.occurred, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    private BigDecimal pay(FakeGrant grant) {
        BigDecimal paid = BigDecimal.ZERO;
        for (Lot lot : outstanding()) {
            if (grant.remaining.signum() == 0) {
                break;
            }
            if (grant.mayPayShortfallOf(lot.occurred)) {
                BigDecimal pay = lot.outstanding.min(grant.remaining);
                grant.remaining = grant.remaining.subtract(pay);
                lot.outstanding = lot.outstanding.subtract(pay);
                lot.paidBy.add(new Part(grant, pay));
                paid = paid.add(pay);
            }
        }
        return paid;
    }

    private BigDecimal shortfall() {
        return lots.stream().map(l -> l.outstanding).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal held() {
        return holds.values().stream()
                .filter(h -> h.getState() == HoldState.HOLD_STATE_ACTIVE)
                .map(h -> new BigDecimal(h.getAmount().getAmount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal sum(List<FakeGrant> grants, java.util.function.Predicate<FakeGrant> which) {
        return grants.stream().filter(which).map(g -> g.remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    void changed(Instant now) {
        version++;
        updateTime = now;
    }

    /** A grant as the wallet keeps it. */
    static final class FakeGrant {

        final String id;
        final GrantSource source;
        final BigDecimal original;
        BigDecimal remaining;
        final Instant effective;
        final Instant expire;
        final int priority;
        final String periodReference;
        final String reference;
        final Instant createTime;
        long createdVersion;
        Instant closeTime;
        /** The billing period the caller stated (GrantCreditsRequest.period); null when none. */
        dev.tally.common.v1.TimeRange period;

        FakeGrant(
                String id,
                GrantSource source,
                BigDecimal amount,
                Instant effective,
                Instant expire,
                int priority,
                String periodReference,
                String reference,
                Instant createTime) {
            this.id = id;
            this.source = source;
            this.original = amount;
            this.remaining = amount;
            this.effective = effective;
            this.expire = expire;
            this.priority = priority;
            this.periodReference = periodReference;
            this.reference = reference;
            this.createTime = createTime;
        }

        boolean isOpen() {
            return remaining.signum() > 0 && closeTime == null;
        }

        boolean inForceAt(Instant t) {
            return !effective.isAfter(t) && (expire == null || t.isBefore(expire));
        }

        /** A grant with an expiry pays only shortfall that occurred in its window; one without, any. */
        boolean mayPayShortfallOf(Instant occurred) {
            return expire == null || occurred != null && inForceAt(occurred);
        }

        Grant toProto(String customerId, String unit) {
            Grant.Builder grant = Grant.newBuilder()
                    .setGrantId(id)
                    .setCustomerId(customerId)
                    .setSource(source)
                    .setOriginalAmount(FakeWallet.money(original, unit))
                    .setRemainingAmount(FakeWallet.money(remaining, unit))
                    .setEffectiveTime(FakeWallet.timestamp(effective))
                    .setPriority(priority)
                    .setPeriodReference(periodReference == null ? "" : periodReference)
                    .setReference(reference == null ? "" : reference)
                    .setCreateTime(FakeWallet.timestamp(createTime));
            if (expire != null) {
                grant.setExpireTime(FakeWallet.timestamp(expire));
            }
            if (closeTime != null) {
                grant.setCloseTime(FakeWallet.timestamp(closeTime));
            }
            if (period != null) {
                grant.setPeriod(period);
            }
            return grant.build();
        }
    }

    /** What a debit took from one grant, or a grant paid of its shortfall (or got back in a reversal). */
    record Part(FakeGrant grant, BigDecimal amount) {}

    /** A debit's shortfall: outstanding until a grant pays it, an invoice claims it or a reversal cancels it. */
    static final class Lot {

        final String debitId;
        /** Null for shortfall a test put in place ({@link FakeWallet#setShortfall}): in any period. */
        final Instant occurred;

        final BigDecimal amount;
        BigDecimal outstanding;
        BigDecimal claimed = BigDecimal.ZERO;
        String claimReference;
        final List<Part> paidBy = new ArrayList<>();

        Lot(String debitId, Instant occurred, BigDecimal amount) {
            this.debitId = debitId;
            this.occurred = occurred;
            this.amount = amount;
            this.outstanding = amount;
        }
    }

    /** A debit as the wallet remembers it, for its reversal. */
    static final class Debit {

        final String id;
        final Instant occurred;
        final List<Part> consumed = new ArrayList<>();
        BigDecimal covered = BigDecimal.ZERO;
        Lot lot;
        boolean reversed;

        Debit(String id, Instant occurred) {
            this.id = id;
            this.occurred = occurred;
        }

        /** What the grants did not cover when it was applied. */
        BigDecimal shortfall() {
            return lot == null ? BigDecimal.ZERO : lot.amount;
        }
    }

    /** Where a reversed debit's amounts went. */
    static final class Reversal {

        BigDecimal cancelled = BigDecimal.ZERO;
        BigDecimal claimed = BigDecimal.ZERO;
        String claimReference;
        final List<Part> returned = new ArrayList<>();
        FakeGrant refund;
        BigDecimal settled = BigDecimal.ZERO;

        BigDecimal returnedTotal() {
            BigDecimal total = refund == null ? BigDecimal.ZERO : refund.original;
            return returned.stream().map(Part::amount).reduce(total, BigDecimal::add);
        }
    }
}
