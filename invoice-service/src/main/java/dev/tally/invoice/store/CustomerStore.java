package dev.tally.invoice.store;

import dev.tally.invoice.domain.Customer;
import dev.tally.invoice.domain.CustomerStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;

/** Customers ({@code customer}) in the current session. */
@ApplicationScoped
public class CustomerStore {

    /** The customer, or null. */
    public Uni<Customer> find(String customerId) {
        return entity(customerId).map(row -> row == null ? null : customer(row));
    }

    public Uni<Void> insert(Customer customer) {
        CustomerEntity row = new CustomerEntity();
        row.customerId = customer.customerId();
        row.currencyCode = customer.currency();
        row.createTime = customer.createTime();
        copy(customer, row);
        return NativeSql.session().flatMap(session -> session.persist(row));
    }

    /** Writes the customer's changes (found in this session before: its version is checked). */
    public Uni<Void> update(Customer customer) {
        return entity(customer.customerId()).invoke(row -> copy(customer, row))
                .chain(() -> NativeSql.session().flatMap(session -> session.flush()));
    }

    /** Newest first, after the customer {@code afterId} (null: from the newest). */
    public Uni<List<Customer>> page(boolean includeArchived, String afterId, int limit) {
        return new NewestFirst<>(CustomerEntity.class, "customerId")
                .whereSet("e.status = :status", "status", includeArchived ? null : CustomerStatus.ACTIVE)
                .after(afterId, limit)
                .map(rows -> rows.stream().map(CustomerStore::customer).toList());
    }

    private static Uni<CustomerEntity> entity(String customerId) {
        return NativeSql.session().flatMap(session -> session.find(CustomerEntity.class, customerId));
    }

    private static void copy(Customer customer, CustomerEntity row) {
        row.displayName = customer.displayName();
        row.email = customer.email();
        if (!customer.metadata().equals(row.metadata)) {
            row.metadata = new LinkedHashMap<>(customer.metadata());
        }
        row.status = customer.status();
        row.updateTime = customer.updateTime();
        row.archiveTime = customer.archiveTime();
    }

    private static Customer customer(CustomerEntity row) {
        return new Customer(row.customerId, row.displayName, row.email, row.currencyCode, row.metadata, row.status,
                row.createTime, row.updateTime, row.archiveTime);
    }
}
