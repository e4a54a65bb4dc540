package dev.tally.invoice.domain;

import dev.tally.shared.plan.ConsumptionModel;
import java.time.Instant;

/**
 * One immutable version of a plan, with the plan's current status (shared by all versions).
 *
 * @param archiveTime null while the plan is active
 */
public record PlanVersion(
        String planId,
        String planCode,
        int version,
        String currency,
        PlanTerms terms,
        PlanStatus status,
        Instant createTime,
        Instant archiveTime) {

    /** This version as subscriptions, periods and invoices refer to it. */
    public PlanRef ref() {
        return new PlanRef(planId, version);
    }

    public ConsumptionModel model() {
        return terms.model().model();
    }

    public boolean archived() {
        return status == PlanStatus.ARCHIVED;
    }
}
