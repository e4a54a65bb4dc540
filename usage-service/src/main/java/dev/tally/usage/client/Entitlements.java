package dev.tally.usage.client;

import dev.tally.invoice.v1.BatchGetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.BatchGetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.CustomerEntitlementsResult;
import dev.tally.invoice.v1.GetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.MutinyInvoiceServiceGrpc;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.domain.Entitlement;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Customer → subscription → plan version → features, from invoice-service, cached per customer and
 * billing period ({@link EntitlementCache}): an answer is used while the event's time is in its
 * period, until its {@code cache_until_time}, at most {@code max-age} (or {@code stale-age} while the
 * change stream is down), and until {@link EntitlementFeed} reports a change for the customer.
 * Misses of a whole batch are fetched with one {@code BatchGetCustomerEntitlements} call per 1,000
 * lookups, so a cold TrackBatch over 1,000 customers is one call. invoice-service unreachable and
 * nothing cached: UNAVAILABLE.
 */
@ApplicationScoped
public class Entitlements {

    private static final Logger LOG = Logger.getLogger(Entitlements.class);
    /** The contract's batch limit of BatchGetCustomerEntitlements. */
    static final int MAX_BATCH = 1000;

    /** A question: the customer's entitlements in force at an instant (an event's occurred time). */
    public record Lookup(String customerId, Instant at) {}

    /** The answer: the entitlement, or why there is none (NOT_FOUND, FAILED_PRECONDITION, UNAVAILABLE). */
    public record Resolved(Entitlement entitlement, TallyException failure) {

        public Entitlement orThrow() {
            if (failure != null) {
                throw failure;
            }
            return entitlement;
        }
    }

    private final MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice;
    private final Clock clock;
    private final long deadlineMillis;
    private final EntitlementCache cache;

    Entitlements(
            @GrpcClient("invoice") MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice,
            Clock clock,
            UsageConfig config) {
        this.invoice = invoice;
        this.clock = clock;
        this.deadlineMillis = config.entitlements().deadline().toMillis();
        this.cache = new EntitlementCache(
                clock, config.entitlements().maxAge(), config.entitlements().staleAge());
    }

    /** One lookup; fails with the lookup's failure. */
    public Uni<Entitlement> resolve(String customerId, Instant at) {
        return resolveAll(List.of(new Lookup(customerId, at)))
                .map(found -> found.get(0).orThrow());
    }

    /** The answers to the lookups, in order, with one invoice call per 1,000 misses. */
    public Uni<List<Resolved>> resolveAll(List<Lookup> lookups) {
        Instant now = clock.instant();
        Resolved[] answers = new Resolved[lookups.size()];
        Map<Lookup, List<Integer>> misses = new LinkedHashMap<>();
        for (int i = 0; i < lookups.size(); i++) {
            Lookup lookup = lookups.get(i);
            Entitlement hit = cache.get(lookup.customerId(), lookup.at(), now);
            if (hit != null) {
                answers[i] = new Resolved(hit, null);
            } else {
                misses.computeIfAbsent(lookup, k -> new ArrayList<>()).add(i);
            }
        }
        if (misses.isEmpty()) {
            return Uni.createFrom().item(List.of(answers));
        }
        List<Lookup> asked = new ArrayList<>(misses.keySet());
        List<Uni<List<Resolved>>> calls = new ArrayList<>();
        for (int from = 0; from < asked.size(); from += MAX_BATCH) {
            calls.add(fetch(asked.subList(from, Math.min(asked.size(), from + MAX_BATCH)), now));
        }
        return Uni.join().all(calls).andFailFast().map(parts -> {
            int n = 0;
            for (List<Resolved> part : parts) {
                for (Resolved resolved : part) {
                    for (int index : misses.get(asked.get(n))) {
                        answers[index] = resolved;
                    }
                    n++;
                }
            }
            return List.of(answers);
        });
    }

    private Uni<List<Resolved>> fetch(List<Lookup> lookups, Instant now) {
        BatchGetCustomerEntitlementsRequest.Builder request = BatchGetCustomerEntitlementsRequest.newBuilder();
        long ticket = cache.ticket();
        for (Lookup lookup : lookups) {
            request.addRequests(GetCustomerEntitlementsRequest.newBuilder()
                    .setCustomerId(lookup.customerId())
                    .setReadTime(ProtoTime.timestamp(lookup.at())));
        }
        return invoice.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .batchGetCustomerEntitlements(request.build())
                .map(response -> answers(lookups, response, now, ticket))
                .onFailure()
                .recoverWithItem(failure -> unreachable(lookups, failure));
    }

    private List<Resolved> answers(
            List<Lookup> lookups, BatchGetCustomerEntitlementsResponse response, Instant now, long ticket) {
        List<Resolved> answers = new ArrayList<>(lookups.size());
        for (int i = 0; i < lookups.size(); i++) {
            CustomerEntitlementsResult result = i < response.getResultsCount() ? response.getResults(i) : null;
            if (result == null) {
                answers.add(new Resolved(
                        null,
                        new TallyException(
                                Reason.INTERNAL_ERROR, "invoice-service answered fewer entitlements than asked")));
            } else if (result.hasEntitlements()) {
                Entitlement entitlement = EntitlementMapper.entitlement(result.getEntitlements());
                cache.put(entitlement, now, ticket);
                answers.add(new Resolved(entitlement, null));
            } else {
                answers.add(new Resolved(null, EntitlementMapper.failure(result.getError())));
            }
        }
        return answers;
    }

    private List<Resolved> unreachable(List<Lookup> lookups, Throwable failure) {
        Status status = Status.fromThrowable(failure);
        TallyException error;
        if (status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.UNKNOWN
                || status.getCode() == Status.Code.CANCELLED) {
            LOG.warnf("invoice-service unreachable for entitlements: %s", status);
            error = TallyException.unavailable("invoice-service is unavailable and the customer's plan is not cached");
        } else {
            LOG.errorf("invoice-service refused a batch of entitlements: %s", status);
            error = new TallyException(Reason.INTERNAL_ERROR, "the customer's plan could not be read");
        }
        List<Resolved> answers = new ArrayList<>(lookups.size());
        lookups.forEach(lookup -> answers.add(new Resolved(null, error)));
        return answers;
    }

    /** Drops the customer's cached answers (a change was reported for it). */
    public void invalidate(String customerId) {
        cache.invalidate(customerId);
    }

    /** Drops every cached answer (the change stream (re)connected: changes meanwhile are not replayed). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Whether changes are being received (answers are then kept up to max-age, else stale-age). */
    void watching(boolean connected) {
        cache.watching(connected);
    }
}
