package dev.tally.invoice.store;

import dev.tally.invoice.domain.PeriodStep;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Steps done for periods (table period_step). */
@ApplicationScoped
public class PeriodStepRepository implements PanacheRepositoryBase<PeriodStepEntity, PeriodStepEntity.Key> {

    /** What the step produced, or null when it has not been done. */
    public Uni<byte[]> result(String periodId, PeriodStep step) {
        return findById(new PeriodStepEntity.Key(periodId, step)).map(s -> s == null ? null : s.result);
    }

    public Uni<Void> record(String periodId, PeriodStep step, byte[] result, Instant at) {
        PeriodStepEntity row = new PeriodStepEntity();
        row.periodId = periodId;
        row.step = step;
        row.result = result;
        row.doneTime = at;
        return persist(row).replaceWithVoid();
    }
}
