package dev.tally.invoice.store;

import dev.tally.invoice.domain.BillingInterval;
import dev.tally.shared.plan.ConsumptionModel;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One immutable version of a plan (id {@code <plan_id>@<version>}: {@link dev.tally.invoice.domain.PlanRef}), with its features and credit packs (written once, never updated). */
@Entity
@Table(name = "plan_version")
class PlanVersionEntity {

    @Id
    public String planVersionId;

    public String planId;
    public int planVersion;

    @Enumerated(EnumType.STRING)
    public ConsumptionModel consumptionModel;

    public String displayName;
    public BigDecimal basePrice;

    @Enumerated(EnumType.STRING)
    public BillingInterval billingInterval;

    public BigDecimal creditsPerPeriod;
    public BigDecimal overagePricePerCredit;
    public Instant createTime;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "plan_feature", joinColumns = @JoinColumn(name = "plan_version_id"))
    @OrderColumn(name = "position")
    public List<FeatureRow> features = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "credit_pack", joinColumns = @JoinColumn(name = "plan_version_id"))
    @OrderColumn(name = "position")
    public List<CreditPackRow> creditPacks = new ArrayList<>();
}
