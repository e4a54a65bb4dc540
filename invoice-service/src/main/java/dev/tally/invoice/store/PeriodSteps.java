package dev.tally.invoice.store;

import dev.tally.invoice.domain.PeriodStep;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The steps done for periods ({@code period_step}), keyed by (period, step), each with what it
 * produced (the other service's answer, or the invoice id), recorded in the transaction that did it.
 */
@ApplicationScoped
public class PeriodSteps {

    /** What the step produced, or null when it has not been done. */
    public Uni<byte[]> result(String periodId, PeriodStep step) {
        return NativeSql.rows(
                        "SELECT result, done_time FROM period_step WHERE period_id = ?1 AND step = ?2",
                        periodId,
                        step.name())
                .map(rows -> rows.isEmpty() ? null : (byte[]) rows.get(0)[0]);
    }

    public Uni<Void> record(String periodId, PeriodStep step, byte[] result, Instant at) {
        return NativeSql.execute(
                        "INSERT INTO period_step (period_id, step, result, done_time) VALUES (?1, ?2, ?3, ?4)",
                        periodId,
                        step.name(),
                        result,
                        NativeSql.timestamp(at))
                .replaceWithVoid();
    }
}
