package dev.tally.invoice.store;

import dev.tally.invoice.domain.OverageRounding;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.math.BigDecimal;

/** A row of plan_feature: the common columns, and those of its version's model (the others NULL). */
@Embeddable
class FeatureRow {

    @Enumerated(EnumType.STRING)
    public ConsumptionModel consumptionModel;

    public String featureCode;
    public String displayName;
    public String displayUnit;

    @Enumerated(EnumType.STRING)
    public MeterType meterType;

    @Enumerated(EnumType.STRING)
    public OveragePolicy overagePolicy;

    public BigDecimal includedUnits;
    public BigDecimal overageBlockSizeUnits;
    public BigDecimal overagePricePerBlock;

    @Enumerated(EnumType.STRING)
    public OverageRounding overageRounding;

    public BigDecimal creditsPerUnit;
    public BigDecimal margin;
    public BigDecimal unitPrice;
}
