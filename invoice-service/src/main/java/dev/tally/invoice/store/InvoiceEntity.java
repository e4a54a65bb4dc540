package dev.tally.invoice.store;

import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
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
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.BatchSize;

/** An invoice with its lines. Once FINALIZED the database refuses any change but PAID or VOID. */
@Entity
@Table(name = "invoice")
class InvoiceEntity {

    @Id
    public String invoiceId;

    public String invoiceNumber;
    public String customerId;
    public String subscriptionId;

    @Enumerated(EnumType.STRING)
    public InvoiceKind kind;

    @Enumerated(EnumType.STRING)
    public InvoiceStatus status;

    public Instant periodStart;
    public Instant periodEnd;
    public Integer closesPeriodIndex;
    public boolean complete;
    public String planVersionId;
    public String currencyCode;
    public BigDecimal subtotal;
    public BigDecimal total;
    public Instant createTime;
    public Instant finalizeTime;
    public Instant payTime;
    public Instant voidTime;
    public String paymentReference = "";
    public String voidReason = "";
    public String creditedInvoiceId;
    public String creditNoteInvoiceId;

    @Version
    public long rowVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "invoice_line", joinColumns = @JoinColumn(name = "invoice_id"))
    @OrderColumn(name = "position")
    @BatchSize(size = 100)
    public List<LineRow> lines = new ArrayList<>();
}
