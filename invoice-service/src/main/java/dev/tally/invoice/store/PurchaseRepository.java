package dev.tally.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Purchases (table purchase). */
@ApplicationScoped
public class PurchaseRepository implements PanacheRepositoryBase<PurchaseEntity, PurchaseEntity.Key> {

    /** Purchases started before {@code before} whose invoice was never written. */
    public Uni<List<PurchaseEntity>> incomplete(Instant before, int limit) {
        return find("completeTime is null and createTime < ?1 order by createTime", before).page(0, limit).list();
    }
}
