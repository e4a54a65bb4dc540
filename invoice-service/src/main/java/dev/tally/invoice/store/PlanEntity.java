package dev.tally.invoice.store;

import dev.tally.invoice.domain.PlanStatus;
import dev.tally.shared.plan.ConsumptionModel;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** What every version of a plan shares: code, currency, consumption model, status. */
@Entity
@Table(name = "plan")
class PlanEntity {

    @Id
    public String planId;

    public String planCode;
    public String currencyCode;

    @Enumerated(EnumType.STRING)
    public ConsumptionModel consumptionModel;

    @Enumerated(EnumType.STRING)
    public PlanStatus status;

    public int latestVersion;
    public Instant createTime;
    public Instant archiveTime;

    @Version
    public long rowVersion;
}
