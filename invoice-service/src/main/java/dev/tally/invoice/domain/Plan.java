package dev.tally.invoice.domain;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every version of a plan shares: its code, currency and consumption model (fixed for life),
 * its status, and its latest version. A new version never changes the earlier ones: subscriptions
 * stay on theirs until moved.
 *
 * @param archiveTime null while active
 */
public record Plan(
        String planId,
        String planCode,
        String currency,
        ConsumptionModel model,
        PlanStatus status,
        int latestVersion,
        Instant createTime,
        Instant archiveTime) {

    /** A new active plan at version 1. */
    public static Plan create(String planId, NewPlan plan, Instant now) {
        return new Plan(
                planId,
                plan.planCode(),
                plan.currency(),
                plan.terms().model().model(),
                PlanStatus.ACTIVE,
                1,
                now,
                null);
    }

    public boolean isArchived() {
        return status == PlanStatus.ARCHIVED;
    }

    /**
     * The plan with the update as its next version: refused (INVALID_STATE) when archived, and
     * (INVALID_ARGUMENT, one violation per field) when the update changes the code, the currency
     * or the consumption model.
     */
    public Plan nextVersion(NewPlan update) {
        if (isArchived()) {
            throw new TallyException(
                    Reason.INVALID_STATE, "plan " + planId + " is archived and cannot get new versions");
        }
        List<TallyException.FieldViolation> fixed = new ArrayList<>();
        if (!planCode.equals(update.planCode())) {
            fixed.add(new TallyException.FieldViolation("plan.plan_code", "must stay '" + planCode + "'"));
        }
        if (!currency.equals(update.currency())) {
            fixed.add(new TallyException.FieldViolation("plan.currency_code", "must stay '" + currency + "'"));
        }
        if (model != update.terms().model().model()) {
            fixed.add(new TallyException.FieldViolation(
                    "plan.consumption_model",
                    "must stay " + model.name().toLowerCase(Locale.ROOT) + ": a plan keeps its consumption model"));
        }
        if (!fixed.isEmpty()) {
            throw TallyException.invalid(fixed);
        }
        return new Plan(planId, planCode, currency, model, status, latestVersion + 1, createTime, archiveTime);
    }

    /** Archived now: no new subscriptions (existing ones keep renewing); an archived plan stays as it is. */
    public Plan archived(Instant now) {
        return isArchived()
                ? this
                : new Plan(planId, planCode, currency, model, PlanStatus.ARCHIVED, latestVersion, createTime, now);
    }
}
