package dev.tally.invoice.store;

import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.PlanRef;
import dev.tally.shared.plan.Period;
import jakarta.enterprise.context.ApplicationScoped;

/** Billing periods ({@code billing_period}); what changes of one: its end, its grant, its close. */
@ApplicationScoped
public class PeriodStore extends EntityStore<BillingPeriod, BillingPeriodEntity> {

    PeriodStore() {
        super(BillingPeriodEntity.class);
    }

    @Override
    BillingPeriod value(BillingPeriodEntity row) {
        return new BillingPeriod(
                row.periodId,
                row.subscriptionId,
                row.periodIndex,
                row.customerId,
                PlanRef.of(row.planVersionId),
                row.consumptionModel,
                new Period(row.startTime, row.endTime),
                row.graceEndTime,
                row.closingInvoiceId,
                row.grantDone,
                row.closeTime);
    }

    @Override
    BillingPeriodEntity row(BillingPeriod period) {
        BillingPeriodEntity row = new BillingPeriodEntity();
        row.periodId = period.periodId();
        row.subscriptionId = period.subscriptionId();
        row.periodIndex = period.periodIndex();
        row.customerId = period.customerId();
        row.planVersionId = period.plan().id();
        row.consumptionModel = period.model();
        row.startTime = period.bounds().start();
        row.closingInvoiceId = period.closingInvoiceId();
        copy(period, row);
        return row;
    }

    @Override
    Object id(BillingPeriod period) {
        return period.periodId();
    }

    @Override
    void copy(BillingPeriod period, BillingPeriodEntity row) {
        row.endTime = period.bounds().end();
        row.graceEndTime = period.graceEndTime();
        row.grantDone = period.grantDone();
        row.closeTime = period.closeTime();
    }
}
