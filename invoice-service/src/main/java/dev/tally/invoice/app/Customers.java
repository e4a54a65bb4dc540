package dev.tally.invoice.app;

import dev.tally.support.error.Reason;
import com.google.protobuf.MessageLite;
import dev.tally.invoice.domain.CustomerStatus;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.store.CustomerEntity;
import dev.tally.invoice.store.CustomerRepository;
import dev.tally.invoice.store.SubscriptionRepository;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.grpc.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Customers: created with a caller-chosen or generated id, updated by field mask, archived (never deleted). */
@ApplicationScoped
public class Customers {

    private final CustomerRepository customers;
    private final SubscriptionRepository subscriptions;
    private final Clock clock;

    Customers(CustomerRepository customers, SubscriptionRepository subscriptions, Clock clock) {
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    public <P extends MessageLite> Uni<Reply<P>> create(NewCustomer customer, RequestKey key, Replies<P> replies,
                                                        Function<CustomerEntity, P> respond) {
        String id = customer.customerId() == null ? Ids.customer() : customer.customerId();
        return Transactions.once(key, replies, clock, () -> customers.findById(id).flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(taken(id));
                    }
                    Instant now = clock.instant();
                    CustomerEntity row = new CustomerEntity();
                    row.customerId = id;
                    row.displayName = customer.displayName();
                    row.email = customer.email();
                    row.currencyCode = customer.currency();
                    row.metadata = customer.metadata();
                    row.status = CustomerStatus.ACTIVE;
                    row.createTime = now;
                    row.updateTime = now;
                    return customers.persist(row).map(respond);
                }))
                .onFailure(Transactions.uniqueViolationOn("customer")).transform(e -> taken(id));
    }

    public <P extends MessageLite> Uni<Reply<P>> update(CustomerChange change, RequestKey key, Replies<P> replies,
                                                        Function<CustomerEntity, P> respond) {
        return Transactions.once(key, replies, clock, () -> existing(change.customerId()).flatMap(row -> {
            if (row.status == CustomerStatus.ARCHIVED) {
                return Uni.createFrom().failure(new TallyException(Reason.INVALID_STATE,
                        "customer " + row.customerId + " is archived and cannot change"));
            }
            if (change.displayName() != null) {
                row.displayName = change.displayName();
            }
            if (change.email() != null) {
                row.email = change.email();
            }
            if (change.metadata() != null) {
                row.metadata = change.metadata();
            }
            row.updateTime = clock.instant();
            return customers.flush().map(ignored -> respond.apply(row));
        }));
    }

    public <P extends MessageLite> Uni<Reply<P>> archive(String customerId, RequestKey key, Replies<P> replies,
                                                         Function<CustomerEntity, P> respond) {
        return Transactions.once(key, replies, clock, () -> existing(customerId)
                .flatMap(row -> subscriptions.live(customerId).flatMap(live -> {
                    if (live != null) {
                        return Uni.createFrom().failure(new TallyException(Reason.INVALID_STATE,
                                "customer " + customerId + " has the " + live.status.name().toLowerCase()
                                        + " subscription " + live.subscriptionId + "; cancel it first"));
                    }
                    if (row.status != CustomerStatus.ARCHIVED) {
                        Instant now = clock.instant();
                        row.status = CustomerStatus.ARCHIVED;
                        row.archiveTime = now;
                        row.updateTime = now;
                    }
                    return customers.flush().map(ignored -> respond.apply(row));
                })));
    }

    public Uni<CustomerEntity> get(String customerId) {
        return Panache.withSession(() -> existing(customerId));
    }

    public Uni<List<CustomerEntity>> list(boolean includeArchived, Instant afterTime, String afterId, int limit) {
        return Panache.withSession(() -> customers.page(includeArchived, afterTime, afterId, limit));
    }

    /** The customer, or NOT_FOUND (CUSTOMER_NOT_FOUND), in the current session. */
    Uni<CustomerEntity> existing(String customerId) {
        return customers.findById(customerId).onItem().ifNull().failWith(() -> notFound(customerId));
    }

    static TallyException notFound(String customerId) {
        return new TallyException(Reason.CUSTOMER_NOT_FOUND, "customer " + customerId + " does not exist",
                Map.of("customer_id", customerId));
    }

    private static TallyException taken(String customerId) {
        return new TallyException(Reason.RESOURCE_ALREADY_EXISTS,
                "customer " + customerId + " already exists", Map.of("customer_id", customerId), List.of());
    }
}
