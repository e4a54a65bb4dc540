package dev.tally.invoice.store;

import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.PlanRef;
import dev.tally.shared.plan.Period;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Billing periods ({@code billing_period}) in the current session. */
@ApplicationScoped
public class PeriodStore {

    /** The period, or null. */
    public Uni<BillingPeriod> find(String periodId) {
        return entity(periodId).map(row -> row == null ? null : period(row));
    }

    public Uni<Void> insert(BillingPeriod period) {
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
        return NativeSql.session().flatMap(session -> session.persist(row));
    }

    /** Writes the period's changes (its end, its grant, its close). */
    public Uni<Void> update(BillingPeriod period) {
        return entity(period.periodId()).invoke(row -> copy(period, row))
                .chain(() -> NativeSql.session().flatMap(session -> session.flush()));
    }

    private static Uni<BillingPeriodEntity> entity(String periodId) {
        return NativeSql.session().flatMap(session -> session.find(BillingPeriodEntity.class, periodId));
    }

    private static void copy(BillingPeriod period, BillingPeriodEntity row) {
        row.endTime = period.bounds().end();
        row.graceEndTime = period.graceEndTime();
        row.grantDone = period.grantDone();
        row.closeTime = period.closeTime();
    }

    private static BillingPeriod period(BillingPeriodEntity row) {
        return new BillingPeriod(row.periodId, row.subscriptionId, row.periodIndex, row.customerId,
                PlanRef.of(row.planVersionId), row.consumptionModel, new Period(row.startTime, row.endTime),
                row.graceEndTime, row.closingInvoiceId, row.grantDone, row.closeTime);
    }
}
