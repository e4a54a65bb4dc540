package dev.tally.invoice.store;

import dev.tally.invoice.domain.Customer;
import dev.tally.invoice.domain.CustomerStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;

/** Customers ({@code customer}). */
@ApplicationScoped
public class CustomerStore extends EntityStore<Customer, CustomerEntity> {

    CustomerStore() {
        super(CustomerEntity.class);
    }

    /** Newest first, after the customer {@code afterId} (null: from the newest). */
    public Uni<List<Customer>> page(boolean includeArchived, String afterId, int limit) {
        return new NewestFirst<>(CustomerEntity.class, "customerId")
                .whereSet("e.status = :status", "status", includeArchived ? null : CustomerStatus.ACTIVE)
                .after(afterId, limit)
                .map(rows -> rows.stream().map(this::value).toList());
    }

    @Override
    Customer value(CustomerEntity row) {
        return new Customer(
                row.customerId,
                row.displayName,
                row.email,
                row.currencyCode,
                row.metadata,
                row.status,
                row.createTime,
                row.updateTime,
                row.archiveTime);
    }

    @Override
    CustomerEntity row(Customer customer) {
        CustomerEntity row = new CustomerEntity();
        row.customerId = customer.customerId();
        row.currencyCode = customer.currency();
        row.createTime = customer.createTime();
        copy(customer, row);
        return row;
    }

    @Override
    Object id(Customer customer) {
        return customer.customerId();
    }

    @Override
    void copy(Customer customer, CustomerEntity row) {
        row.displayName = customer.displayName();
        row.email = customer.email();
        if (!customer.metadata().equals(row.metadata)) {
            row.metadata = new LinkedHashMap<>(customer.metadata());
        }
        row.status = customer.status();
        row.updateTime = customer.updateTime();
        row.archiveTime = customer.archiveTime();
    }
}
