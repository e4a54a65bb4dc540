package dev.tally.invoice.store;

import dev.tally.invoice.domain.LineType;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.math.BigDecimal;
import java.time.Instant;

/** A row of invoice_line. */
@Embeddable
class LineRow {

    @Enumerated(EnumType.STRING)
    public LineType lineType;

    public String description;
    public String featureCode;
    public BigDecimal quantity;
    public BigDecimal unitPrice;
    public BigDecimal amount;
    public BigDecimal usageUnits;
    public String creditPackCode;
    public Instant serviceStart;
    public Instant serviceEnd;
}
