package dev.tally.invoice.store;

import dev.tally.invoice.domain.Plan;
import dev.tally.invoice.domain.PlanRef;
import dev.tally.invoice.domain.PlanTerms;
import dev.tally.invoice.domain.PlanVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans and their versions ({@code plan}, {@code plan_version} with {@code plan_feature} and
 * {@code credit_pack}) in the current session. Versions never change once written, so their terms
 * are kept in memory after the first read ({@link #terms}: billing, entitlements, invoices); the
 * plan's status (shared by all its versions) is read fresh by {@link #version}.
 */
@ApplicationScoped
public class PlanStore {

    private final Map<String, PlanVersion> cache = new ConcurrentHashMap<>();

    /** The plan, or null. */
    public Uni<Plan> find(String planId) {
        return entity(planId).map(row -> row == null ? null : PlanRows.plan(row));
    }

    /** The plan with this code, or null. */
    public Uni<Plan> findByCode(String planCode) {
        return NativeSql.session()
                .flatMap(session -> session.createSelectionQuery(
                                "from PlanEntity where planCode = :code", PlanEntity.class)
                        .setParameter("code", planCode)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : PlanRows.plan(rows.get(0)));
    }

    /** A new plan with its version 1. */
    public Uni<PlanVersion> insert(Plan plan, PlanTerms terms) {
        PlanEntity row = PlanRows.row(plan);
        PlanVersionEntity version = PlanRows.versionRow(plan.planId(), plan.latestVersion(), terms, plan.createTime());
        return NativeSql.session()
                .flatMap(session -> session.persist(row).chain(() -> session.persist(version)))
                .map(ignored -> PlanRows.version(row, version));
    }

    /** The plan's new latest version (found in this session before: the plan's version is checked). */
    public Uni<PlanVersion> addVersion(Plan plan, PlanTerms terms, Instant now) {
        PlanVersionEntity version = PlanRows.versionRow(plan.planId(), plan.latestVersion(), terms, now);
        return entity(plan.planId())
                .invoke(row -> PlanRows.copy(plan, row))
                .call(row -> NativeSql.session().flatMap(session -> session.persist(version)))
                .map(row -> PlanRows.version(row, version));
    }

    /** Writes the plan's status; its latest version with it. */
    public Uni<PlanVersion> update(Plan plan) {
        return entity(plan.planId())
                .invoke(row -> PlanRows.copy(plan, row))
                .flatMap(row -> versionEntity(new PlanRef(plan.planId(), row.latestVersion))
                        .map(version -> PlanRows.version(row, version)));
    }

    /** A version with the plan's current status ({@code version} 0: the latest), or null when either does not exist. */
    public Uni<PlanVersion> version(String planId, int version) {
        return entity(planId).flatMap(plan -> {
            if (plan == null) {
                return Uni.createFrom().nullItem();
            }
            int wanted = version == 0 ? plan.latestVersion : version;
            if (wanted > plan.latestVersion) {
                return Uni.createFrom().nullItem();
            }
            return versionEntity(new PlanRef(planId, wanted)).map(row -> remember(plan, row));
        });
    }

    /** The version's terms (its plan status as first read); in the current session, or a new one. */
    public Uni<PlanVersion> terms(PlanRef ref) {
        PlanVersion cached = cache.get(ref.id());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Transactions.inSession(() -> versionEntity(ref).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().failure(new IllegalStateException("no plan version " + ref.id()));
            }
            return entity(row.planId).map(plan -> remember(plan, row));
        }));
    }

    /**
     * Versions in (plan_code, version) order after the version {@code afterVersionId} (null: from
     * the first); all versions, or only each plan's latest.
     */
    public Uni<List<PlanVersion>> page(
            String planCode, boolean includeArchived, boolean allVersions, String afterVersionId, int limit) {
        StringBuilder q =
                new StringBuilder("select p, v from PlanEntity p, PlanVersionEntity v where v.planId = p.planId");
        if (!allVersions) {
            q.append(" and v.planVersion = p.latestVersion");
        }
        if (!includeArchived) {
            q.append(" and p.status = dev.tally.invoice.domain.PlanStatus.ACTIVE");
        }
        if (planCode != null) {
            q.append(" and p.planCode = :code");
        }
        if (afterVersionId != null) {
            String afterCode = "(select a.planCode from PlanEntity a, PlanVersionEntity b"
                    + " where b.planVersionId = :after and a.planId = b.planId)";
            q.append(" and (p.planCode > ")
                    .append(afterCode)
                    .append(" or (p.planCode = ")
                    .append(afterCode)
                    .append(
                            " and v.planVersion > (select b.planVersion from PlanVersionEntity b where b.planVersionId = :after)))");
        }
        q.append(" order by p.planCode, v.planVersion");
        return NativeSql.session()
                .flatMap(session -> {
                    var query = session.createSelectionQuery(q.toString(), Object[].class)
                            .setMaxResults(limit);
                    if (planCode != null) {
                        query.setParameter("code", planCode);
                    }
                    if (afterVersionId != null) {
                        query.setParameter("after", afterVersionId);
                    }
                    return query.getResultList();
                })
                .map(rows -> rows.stream()
                        .map(r -> PlanRows.version((PlanEntity) r[0], (PlanVersionEntity) r[1]))
                        .toList());
    }

    private PlanVersion remember(PlanEntity plan, PlanVersionEntity row) {
        PlanVersion version = PlanRows.version(plan, row);
        cache.putIfAbsent(row.planVersionId, version);
        return version;
    }

    private static Uni<PlanEntity> entity(String planId) {
        return NativeSql.session().flatMap(session -> session.find(PlanEntity.class, planId));
    }

    private static Uni<PlanVersionEntity> versionEntity(PlanRef ref) {
        return NativeSql.session().flatMap(session -> session.find(PlanVersionEntity.class, ref.id()));
    }
}
