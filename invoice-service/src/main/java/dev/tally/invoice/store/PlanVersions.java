package dev.tally.invoice.store;

import dev.tally.support.error.Reason;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.support.error.TallyException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plan versions by id. Versions never change once written, so the terms are kept in memory after
 * the first read; the plan's status (shared by all its versions) is read fresh by {@link #current}.
 * {@link #terms} serves what never changes: billing, entitlements, invoices.
 */
@ApplicationScoped
public class PlanVersions {

    private final Map<String, PlanVersion> cache = new ConcurrentHashMap<>();
    private final PlanRepository plans;
    private final PlanVersionRepository versions;

    PlanVersions(PlanRepository plans, PlanVersionRepository versions) {
        this.plans = plans;
        this.versions = versions;
    }

    /** The version's terms (its plan status as first read); in the current session, or a new one. */
    public Uni<PlanVersion> terms(String planVersionId) {
        PlanVersion cached = cache.get(planVersionId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Panache.withSession(() -> load(planVersionId));
    }

    /**
     * A version with the plan's current status; {@code version} 0 means the latest. NOT_FOUND
     * (RESOURCE_NOT_FOUND) when the plan or version does not exist.
     */
    public Uni<PlanVersion> current(String planId, int version) {
        return plans.findById(planId).flatMap(plan -> {
            if (plan == null) {
                return Uni.createFrom().failure(notFound(planId, version));
            }
            int wanted = version == 0 ? plan.latestVersion : version;
            if (wanted > plan.latestVersion) {
                return Uni.createFrom().failure(notFound(planId, version));
            }
            return versions.findById(PlanVersionEntity.id(planId, wanted)).map(row -> remember(plan, row));
        });
    }

    private Uni<PlanVersion> load(String planVersionId) {
        return versions.findById(planVersionId).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().failure(new IllegalStateException("no plan version " + planVersionId));
            }
            return plans.findById(row.planId).map(plan -> remember(plan, row));
        });
    }

    private PlanVersion remember(PlanEntity plan, PlanVersionEntity row) {
        PlanVersion version = PlanMapping.toDomain(plan, row);
        cache.putIfAbsent(row.planVersionId, version);
        return version;
    }

    static TallyException notFound(String planId, int version) {
        return new TallyException(Reason.RESOURCE_NOT_FOUND,
                version == 0 ? "plan " + planId + " does not exist" : "plan " + planId + " has no version " + version,
                Map.of("plan_id", planId));
    }
}
