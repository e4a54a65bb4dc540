package dev.tally.invoice.store;

import dev.tally.shared.plan.ConsumptionModel;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.math.BigDecimal;

/** A row of credit_pack. */
@Embeddable
class CreditPackRow {

    @Enumerated(EnumType.STRING)
    public ConsumptionModel consumptionModel;

    public String creditPackCode;
    public String displayName;
    public BigDecimal credits;
    public BigDecimal price;
}
