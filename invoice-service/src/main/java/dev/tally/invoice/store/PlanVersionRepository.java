package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Plan versions (plan_version with plan_feature and credit_pack). */
@ApplicationScoped
public class PlanVersionRepository implements PanacheRepositoryBase<PlanVersionEntity, String> {

    /**
     * Versions in (plan_code, version) order after the given position; all versions, or only each
     * plan's latest.
     */
    public Uni<List<Object[]>> page(String planCode, boolean includeArchived, boolean allVersions,
                                    String afterCode, int afterVersion, int limit) {
        StringBuilder q = new StringBuilder("select p, v from PlanEntity p, PlanVersionEntity v where v.planId = p.planId");
        if (!allVersions) {
            q.append(" and v.planVersion = p.latestVersion");
        }
        if (!includeArchived) {
            q.append(" and p.status = dev.tally.invoice.domain.PlanStatus.ACTIVE");
        }
        if (planCode != null) {
            q.append(" and p.planCode = :code");
        }
        if (afterCode != null) {
            q.append(" and (p.planCode > :afterCode or (p.planCode = :afterCode and v.planVersion > :afterVersion))");
        }
        q.append(" order by p.planCode, v.planVersion");
        return getSession().flatMap(session -> {
            var query = session.createSelectionQuery(q.toString(), Object[].class).setMaxResults(limit);
            if (planCode != null) {
                query.setParameter("code", planCode);
            }
            if (afterCode != null) {
                query.setParameter("afterCode", afterCode).setParameter("afterVersion", afterVersion);
            }
            return query.getResultList();
        });
    }
}
