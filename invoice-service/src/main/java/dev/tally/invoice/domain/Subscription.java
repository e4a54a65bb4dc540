package dev.tally.invoice.domain;

import dev.tally.shared.plan.Period;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.time.Duration;
import java.time.Instant;

/**
 * A customer's subscription: the plan version in force, the open period, and what happens at its
 * end (renewal, a scheduled plan change, or the end of the subscription). Periods are counted from
 * an anchor ({@link BillingPeriods}): the start, or the start of the period where the billing
 * interval last changed.
 * <p>
 * Lifecycle: PENDING until its start, ACTIVE, then CANCELED (at the end of a period, or now). Each
 * change is a method returning the subscription after it; the store writes what it returns.
 *
 * @param currentPeriodIndex null once CANCELED
 * @param currentPeriod      the open period; null once CANCELED
 * @param scheduledPlan      the plan version the next period opens on; null: the same one
 */
public record Subscription(
        String subscriptionId,
        String customerId,
        PlanRef plan,
        SubscriptionStatus status,
        Instant startTime,
        Instant anchorTime,
        int anchorPeriodIndex,
        Integer currentPeriodIndex,
        Period currentPeriod,
        boolean cancelAtPeriodEnd,
        Instant cancelTime,
        Instant endTime,
        PlanRef scheduledPlan,
        Instant createTime,
        Instant updateTime) {

    /** The shortest a period cut short lasts: it never ends at its start. */
    static final Duration SHORTEST_PERIOD = Duration.ofNanos(1_000);

    /** A new subscription starting at {@code start} (PENDING until then), without its first period yet. */
    public static Subscription subscribe(
            String subscriptionId, String customerId, PlanRef plan, Instant start, Instant now) {
        return new Subscription(
                subscriptionId,
                customerId,
                plan,
                start.isAfter(now) ? SubscriptionStatus.PENDING : SubscriptionStatus.ACTIVE,
                start,
                start,
                0,
                null,
                null,
                false,
                null,
                null,
                null,
                now,
                now);
    }

    /** The plan version the next period opens on: the scheduled one, or the same. */
    public PlanRef nextPlan() {
        return scheduledPlan == null ? plan : scheduledPlan;
    }

    public boolean isLive() {
        return status != SubscriptionStatus.CANCELED;
    }

    /** The id of its open period. */
    public String currentPeriodId() {
        return BillingPeriod.id(subscriptionId, currentPeriodIndex);
    }

    /** Refuses (INVALID_STATE) a change of a subscription that ended or is canceled at its period end. */
    public void requireRunning() {
        if (status == SubscriptionStatus.CANCELED) {
            throw new TallyException(Reason.INVALID_STATE, "subscription " + subscriptionId + " ended at " + endTime);
        }
        if (cancelAtPeriodEnd) {
            throw new TallyException(
                    Reason.INVALID_STATE, "subscription " + subscriptionId + " is canceled and ends at " + endTime);
        }
    }

    /** Refuses (INVALID_STATE) to cut short a period that has not started: {@code instead} says what to do. */
    public void requireStarted(String instead) {
        if (status != SubscriptionStatus.ACTIVE) {
            throw new TallyException(
                    Reason.INVALID_STATE,
                    "subscription " + subscriptionId + " starts at " + startTime + "; " + instead);
        }
    }

    /** When the open period ends if it is cut short at {@code now}: now, but never at its start. */
    public Instant cutShortAt(Instant now) {
        return now.isAfter(currentPeriod.start()) ? now : currentPeriod.start().plus(SHORTEST_PERIOD);
    }

    /** Period {@code index} is open: it becomes the current period. */
    public Subscription opening(int index, Period bounds) {
        return new Subscription(
                subscriptionId,
                customerId,
                plan,
                status,
                startTime,
                anchorTime,
                anchorPeriodIndex,
                index,
                bounds,
                cancelAtPeriodEnd,
                cancelTime,
                endTime,
                scheduledPlan,
                createTime,
                updateTime);
    }

    /** The next period opens on {@code target} (a plan change at the period end). */
    public Subscription scheduling(PlanRef target, Instant now) {
        return new Subscription(
                subscriptionId,
                customerId,
                plan,
                status,
                startTime,
                anchorTime,
                anchorPeriodIndex,
                currentPeriodIndex,
                currentPeriod,
                cancelAtPeriodEnd,
                cancelTime,
                endTime,
                target,
                createTime,
                now);
    }

    /**
     * A plan change now: the open period ended at {@code at}, and the next one, on {@code target},
     * starts there (the new anchor) with the bounds {@code opened}.
     */
    public Subscription changedNow(PlanRef target, Instant at, Period opened) {
        int next = currentPeriodIndex + 1;
        return new Subscription(
                subscriptionId,
                customerId,
                target,
                status,
                startTime,
                at,
                next,
                next,
                opened,
                cancelAtPeriodEnd,
                cancelTime,
                endTime,
                null,
                createTime,
                at);
    }

    /** Canceled at the end of the open period: it stops renewing (a second cancellation changes nothing). */
    public Subscription canceledAtPeriodEnd(Instant now) {
        return cancelAtPeriodEnd
                ? this
                : new Subscription(
                        subscriptionId,
                        customerId,
                        plan,
                        status,
                        startTime,
                        anchorTime,
                        anchorPeriodIndex,
                        currentPeriodIndex,
                        currentPeriod,
                        true,
                        now,
                        currentPeriod.end(),
                        null,
                        createTime,
                        now);
    }

    /** Canceled now: the open period ended at {@code at}. */
    public Subscription canceledNow(Instant at) {
        return new Subscription(
                subscriptionId,
                customerId,
                plan,
                SubscriptionStatus.CANCELED,
                startTime,
                anchorTime,
                anchorPeriodIndex,
                null,
                null,
                false,
                at,
                at,
                null,
                createTime,
                at);
    }

    /** PENDING → ACTIVE: its start has come. */
    public Subscription started() {
        return new Subscription(
                subscriptionId,
                customerId,
                plan,
                SubscriptionStatus.ACTIVE,
                startTime,
                anchorTime,
                anchorPeriodIndex,
                currentPeriodIndex,
                currentPeriod,
                cancelAtPeriodEnd,
                cancelTime,
                endTime,
                scheduledPlan,
                createTime,
                updateTime);
    }

    /** Canceled at its period end, which has come: it ends. */
    public Subscription endedAtPeriodEnd(Instant now) {
        return new Subscription(
                subscriptionId,
                customerId,
                plan,
                SubscriptionStatus.CANCELED,
                startTime,
                anchorTime,
                anchorPeriodIndex,
                null,
                null,
                cancelAtPeriodEnd,
                cancelTime,
                currentPeriod.end(),
                scheduledPlan,
                createTime,
                now);
    }

    /**
     * Renewed: the next period opens on {@link #nextPlan()} ({@link #nextPeriod}); when its billing
     * interval differs from the current one, periods are counted from the open period's end.
     */
    public Subscription renewed(BillingInterval current, BillingInterval next, Instant now) {
        Anchor anchor = anchorAfterOpenPeriod(current, next);
        int index = currentPeriodIndex + 1;
        return new Subscription(
                subscriptionId,
                customerId,
                nextPlan(),
                status,
                startTime,
                anchor.time(),
                anchor.index(),
                index,
                BillingPeriods.period(anchor.time(), next, index - anchor.index()),
                cancelAtPeriodEnd,
                cancelTime,
                endTime,
                null,
                createTime,
                now);
    }

    /** The period that follows the open one, on a plan billed every {@code next} (the current plan: every {@code current}). */
    public Period nextPeriod(BillingInterval current, BillingInterval next) {
        Anchor anchor = anchorAfterOpenPeriod(current, next);
        return BillingPeriods.period(anchor.time(), next, currentPeriodIndex + 1L - anchor.index());
    }

    /** The period containing {@code t}, at or after the open period's end, as the renewals will open it. */
    public Period periodAfterOpenPeriod(BillingInterval current, BillingInterval next, Instant t) {
        Anchor anchor = anchorAfterOpenPeriod(current, next);
        return BillingPeriods.period(anchor.time(), next, BillingPeriods.indexAt(anchor.time(), next, t));
    }

    /** Where periods are counted from after the open period: the same anchor, or its end when the interval changes. */
    private Anchor anchorAfterOpenPeriod(BillingInterval current, BillingInterval next) {
        return current == next
                ? new Anchor(anchorTime, anchorPeriodIndex)
                : new Anchor(currentPeriod.end(), currentPeriodIndex + 1);
    }

    private record Anchor(Instant time, int index) {}
}
