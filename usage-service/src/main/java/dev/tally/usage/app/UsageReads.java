package dev.tally.usage.app;

import dev.tally.usage.client.Entitlements;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventFilter;
import dev.tally.usage.domain.GroupTotals;
import dev.tally.usage.domain.PeriodUsage;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.UsageDimension;
import dev.tally.usage.domain.UsageFilter;
import dev.tally.usage.store.UsageQueries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The read side: a customer's period usage (GetUsage), event pages (ListEvents), grouped totals (QueryUsage). */
@ApplicationScoped
public class UsageReads {

    /** A customer's plan in a period and the period's usage. */
    public record PlanUsage(Entitlement plan, PeriodUsage usage) {}

    private final Entitlements entitlements;
    private final UsageQueries queries;

    UsageReads(Entitlements entitlements, UsageQueries queries) {
        this.entitlements = entitlements;
        this.queries = queries;
    }

    /** The usage of the period containing {@code at}; {@code featureCode} (or null) must be on the plan. */
    public Uni<PlanUsage> period(String customerId, String featureCode, Instant at) {
        return entitlements.resolve(customerId, at).flatMap(plan -> {
            if (featureCode != null) {
                Pricing.feature(plan, featureCode);
            }
            return queries.period(
                            plan.customerId(),
                            plan.period().start(),
                            plan.period().end())
                    .map(usage -> new PlanUsage(plan, usage));
        });
    }

    /** Up to {@code limit} events, newest first, after the position (null: from the newest). */
    public Uni<List<StoredEvent>> events(EventFilter filter, Instant afterTime, UUID afterId, int limit) {
        return queries.events(filter, afterTime, afterId, limit);
    }

    /** Totals per group and currency pair. */
    public Uni<List<GroupTotals>> totals(UsageFilter filter, List<UsageDimension> groupBy) {
        return queries.totals(filter, groupBy);
    }
}
