package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Customers (table customer). */
@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<CustomerEntity, String> {

    /** Newest first, after the given position (create time, id) of the previous page. */
    public Uni<List<CustomerEntity>> page(boolean includeArchived, Instant afterTime, String afterId, int limit) {
        String where = includeArchived ? "1 = 1" : "status = dev.tally.invoice.domain.CustomerStatus.ACTIVE";
        if (afterTime == null) {
            return find("from CustomerEntity where " + where + " order by createTime desc, customerId desc")
                    .page(0, limit).list();
        }
        return find("from CustomerEntity where " + where
                + " and (createTime < ?1 or (createTime = ?1 and customerId < ?2)) order by createTime desc, customerId desc",
                afterTime, afterId).page(0, limit).list();
    }
}
