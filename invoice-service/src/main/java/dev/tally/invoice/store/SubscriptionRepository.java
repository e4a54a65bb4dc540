package dev.tally.invoice.store;

import dev.tally.invoice.domain.SubscriptionStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Subscriptions (table subscription). */
@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<SubscriptionEntity, String> {

    /** The customer's PENDING or ACTIVE subscription, or null. */
    public Uni<SubscriptionEntity> live(String customerId) {
        return find("customerId = ?1 and status in (?2, ?3)", customerId,
                SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE).firstResult();
    }

    /** Newest first, filtered, after the given position (create time, id) of the previous page. */
    public Uni<List<SubscriptionEntity>> page(String customerId, String planId, SubscriptionStatus status,
                                              Instant afterTime, String afterId, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (customerId != null) {
            where.add("customerId = :customer");
            params.put("customer", customerId);
        }
        if (planId != null) {
            where.add("planVersionId like :plan");
            params.put("plan", planId + "@%");
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (afterTime != null) {
            where.add("(createTime < :afterTime or (createTime = :afterTime and subscriptionId < :afterId))");
            params.put("afterTime", afterTime);
            params.put("afterId", afterId);
        }
        String q = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by createTime desc, subscriptionId desc";
        return find(where.isEmpty() ? "from SubscriptionEntity " + q : q, params).page(0, limit).list();
    }
}
