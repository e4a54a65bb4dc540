package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.domain.Customer;
import dev.tally.invoice.domain.CustomerChange;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.NewCustomer;
import dev.tally.invoice.store.CustomerStore;
import dev.tally.invoice.store.SubscriptionStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Customers: created with a caller-chosen or generated id, updated by field mask, archived (never deleted). */
@ApplicationScoped
public class Customers {

    private final CustomerStore customers;
    private final SubscriptionStore subscriptions;
    private final IdempotentCalls calls;
    private final Clock clock;

    Customers(CustomerStore customers, SubscriptionStore subscriptions, IdempotentCalls calls, Clock clock) {
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.calls = calls;
        this.clock = clock;
    }

    public <P extends MessageLite> Uni<Reply<P>> create(
            NewCustomer command, RequestKey key, Replies<P> replies, Function<Customer, P> respond) {
        String id = command.customerId() == null ? Ids.customer() : command.customerId();
        return calls.once(
                        key,
                        replies,
                        () -> customers.find(id).flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().failure(taken(id));
                            }
                            Customer customer = Customer.create(id, command, clock.instant());
                            return customers.insert(customer).map(ignored -> respond.apply(customer));
                        }))
                .onFailure(Transactions.uniqueViolationOn("customer"))
                .transform(e -> taken(id));
    }

    public <P extends MessageLite> Uni<Reply<P>> update(
            CustomerChange change, RequestKey key, Replies<P> replies, Function<Customer, P> respond) {
        return calls.once(
                key,
                replies,
                () -> existing(change.customerId()).flatMap(customer -> {
                    Customer updated = customer.updated(change, clock.instant());
                    return customers.update(updated).map(ignored -> respond.apply(updated));
                }));
    }

    /** Archives the customer once it has no live subscription (INVALID_STATE otherwise). */
    public <P extends MessageLite> Uni<Reply<P>> archive(
            String customerId, RequestKey key, Replies<P> replies, Function<Customer, P> respond) {
        return calls.once(
                key,
                replies,
                () -> existing(customerId)
                        .flatMap(customer -> subscriptions.live(customerId).flatMap(live -> {
                            if (live != null) {
                                return Uni.createFrom()
                                        .failure(new TallyException(
                                                Reason.INVALID_STATE,
                                                "customer " + customerId + " has the "
                                                        + live.status().name().toLowerCase(Locale.ROOT)
                                                        + " subscription " + live.subscriptionId()
                                                        + "; cancel it first"));
                            }
                            Customer archived = customer.archived(clock.instant());
                            return customers.update(archived).map(ignored -> respond.apply(archived));
                        })));
    }

    public Uni<Customer> get(String customerId) {
        return Transactions.inSession(() -> existing(customerId));
    }

    /** Newest first, after the customer {@code afterId} (null: from the newest). */
    public Uni<List<Customer>> list(boolean includeArchived, String afterId, int limit) {
        return Transactions.inSession(() -> customers.page(includeArchived, afterId, limit));
    }

    /** The customer, or NOT_FOUND (CUSTOMER_NOT_FOUND), in the current session. */
    Uni<Customer> existing(String customerId) {
        return customers.find(customerId).onItem().ifNull().failWith(() -> notFound(customerId));
    }

    static TallyException notFound(String customerId) {
        return new TallyException(
                Reason.CUSTOMER_NOT_FOUND,
                "customer " + customerId + " does not exist",
                Map.of("customer_id", customerId));
    }

    private static TallyException taken(String customerId) {
        return new TallyException(
                Reason.RESOURCE_ALREADY_EXISTS,
                "customer " + customerId + " already exists",
                Map.of("customer_id", customerId),
                List.of());
    }
}
