package dev.tally.invoice.store;

import dev.tally.shared.plan.ConsumptionModel;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One period of a subscription with the plan version in force during it. */
@Entity
@Table(name = "billing_period")
class BillingPeriodEntity {

    @Id
    public String periodId;

    public String subscriptionId;
    public int periodIndex;
    public String customerId;
    public String planVersionId;

    @Enumerated(EnumType.STRING)
    public ConsumptionModel consumptionModel;

    public Instant startTime;
    public Instant endTime;
    public Instant graceEndTime;
    public String closingInvoiceId;
    public boolean grantDone;
    public Instant closeTime;
}
