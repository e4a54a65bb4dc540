package dev.tally.invoice.store;

import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Invoices with their lines (tables invoice, invoice_line). */
@ApplicationScoped
public class InvoiceRepository implements PanacheRepositoryBase<InvoiceEntity, String> {

    /** The PERIOD invoice closing period {@code closesPeriodIndex} of a subscription (-1: the opening one), or null. */
    public Uni<InvoiceEntity> closing(String subscriptionId, int closesPeriodIndex) {
        return find("subscriptionId = ?1 and closesPeriodIndex = ?2 and kind = ?3", subscriptionId, closesPeriodIndex,
                InvoiceKind.PERIOD).firstResult();
    }

    /** Newest first, filtered, after the given position (create time, id) of the previous page. */
    public Uni<List<InvoiceEntity>> page(String customerId, String subscriptionId, InvoiceStatus status,
                                         InvoiceKind kind, Instant afterTime, String afterId, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (customerId != null) {
            where.add("customerId = :customer");
            params.put("customer", customerId);
        }
        if (subscriptionId != null) {
            where.add("subscriptionId = :subscription");
            params.put("subscription", subscriptionId);
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (kind != null) {
            where.add("kind = :kind");
            params.put("kind", kind);
        }
        if (afterTime != null) {
            where.add("(createTime < :afterTime or (createTime = :afterTime and invoiceId < :afterId))");
            params.put("afterTime", afterTime);
            params.put("afterId", afterId);
        }
        String q = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by createTime desc, invoiceId desc";
        return find(where.isEmpty() ? "from InvoiceEntity " + q : q, params).page(0, limit).list();
    }
}
