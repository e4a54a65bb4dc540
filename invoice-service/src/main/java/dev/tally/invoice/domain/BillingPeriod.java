package dev.tally.invoice.domain;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import java.time.Duration;
import java.time.Instant;

/**
 * One period of a subscription with the plan version in force during it. It takes late events
 * until its grace end, is then closed ({@link PeriodStep#closing}) and invoiced by the invoice
 * whose id was fixed when it opened.
 *
 * @param periodId  {@code <subscription_id>/<index>} ({@link #id}), also the wallet's period_reference
 * @param grantDone its wallet grant is made (or there is none to make)
 * @param closeTime null until closed
 */
public record BillingPeriod(
        String periodId,
        String subscriptionId,
        int periodIndex,
        String customerId,
        PlanRef plan,
        ConsumptionModel model,
        Period bounds,
        Instant graceEndTime,
        String closingInvoiceId,
        boolean grantDone,
        Instant closeTime) {

    /** The id of a subscription's period: {@code <subscription_id>/<index>}. */
    public static String id(String subscriptionId, int index) {
        return subscriptionId + "/" + index;
    }

    /** The subscription's current period as it opens on {@code plan}, with its grace and its closing invoice's id. */
    public static BillingPeriod open(Subscription sub, PlanVersion plan, Duration grace) {
        Period bounds = sub.currentPeriod();
        return new BillingPeriod(
                id(sub.subscriptionId(), sub.currentPeriodIndex()),
                sub.subscriptionId(),
                sub.currentPeriodIndex(),
                sub.customerId(),
                plan.ref(),
                plan.model(),
                bounds,
                bounds.end().plus(grace),
                Ids.invoice(),
                false,
                null);
    }

    /** Ends at {@code at} instead (an immediate cancellation or plan change), with its grace from there. */
    public BillingPeriod cutShort(Instant at, Duration grace) {
        return new BillingPeriod(
                periodId,
                subscriptionId,
                periodIndex,
                customerId,
                plan,
                model,
                bounds.endingAt(at),
                at.plus(grace),
                closingInvoiceId,
                grantDone,
                closeTime);
    }

    /** Its grant is made (or it has none). */
    public BillingPeriod granted() {
        return new BillingPeriod(
                periodId,
                subscriptionId,
                periodIndex,
                customerId,
                plan,
                model,
                bounds,
                graceEndTime,
                closingInvoiceId,
                true,
                closeTime);
    }

    /** Closed and invoiced at {@code at}. */
    public BillingPeriod closed(Instant at) {
        return new BillingPeriod(
                periodId,
                subscriptionId,
                periodIndex,
                customerId,
                plan,
                model,
                bounds,
                graceEndTime,
                closingInvoiceId,
                grantDone,
                at);
    }

    public boolean isClosed() {
        return closeTime != null;
    }
}
