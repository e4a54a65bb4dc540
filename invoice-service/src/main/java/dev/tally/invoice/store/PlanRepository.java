package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Plans (table plan). */
@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<PlanEntity, String> {

    public Uni<PlanEntity> findByCode(String planCode) {
        return find("planCode", planCode).firstResult();
    }
}
