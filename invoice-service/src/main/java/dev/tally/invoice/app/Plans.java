package dev.tally.invoice.app;

import dev.tally.support.error.Reason;
import com.google.protobuf.MessageLite;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.PlanStatus;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.store.PlanEntity;
import dev.tally.invoice.store.PlanMapping;
import dev.tally.invoice.store.PlanRepository;
import dev.tally.invoice.store.PlanVersionEntity;
import dev.tally.invoice.store.PlanVersionRepository;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans and their versions: CreatePlan writes version 1, UpdatePlan version N+1 (subscriptions stay
 * on theirs), ArchivePlan closes the plan to new subscriptions. Versions are never changed.
 */
@ApplicationScoped
public class Plans {

    private final PlanRepository plans;
    private final PlanVersionRepository versions;
    private final PlanVersions planVersions;
    private final Clock clock;

    Plans(PlanRepository plans, PlanVersionRepository versions, PlanVersions planVersions, Clock clock) {
        this.plans = plans;
        this.versions = versions;
        this.planVersions = planVersions;
        this.clock = clock;
    }

    public <P extends MessageLite> Uni<Reply<P>> create(NewPlan plan, RequestKey key, Replies<P> replies,
                                                        Function<PlanVersion, P> respond) {
        return Transactions.once(key, replies, clock, () -> plans.findByCode(plan.planCode()).flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(codeTaken(plan.planCode()));
                    }
                    Instant now = clock.instant();
                    PlanEntity row = new PlanEntity();
                    row.planId = Ids.plan();
                    row.planCode = plan.planCode();
                    row.currencyCode = plan.currency();
                    row.consumptionModel = plan.terms().model().model();
                    row.status = PlanStatus.ACTIVE;
                    row.latestVersion = 1;
                    row.createTime = now;
                    PlanVersionEntity version = PlanMapping.toRow(row.planId, 1, plan.terms(), now);
                    return plans.persist(row).chain(() -> versions.persist(version))
                            .map(ignored -> respond.apply(PlanMapping.toDomain(row, version)));
                }))
                .onFailure(Transactions.uniqueViolationOn("plan")).transform(e -> codeTaken(plan.planCode()));
    }

    public <P extends MessageLite> Uni<Reply<P>> update(NewPlan plan, RequestKey key, Replies<P> replies,
                                                        Function<PlanVersion, P> respond) {
        return Transactions.once(key, replies, clock, () -> plans.findById(plan.planId()).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().failure(notFound(plan.planId()));
            }
            if (row.status == PlanStatus.ARCHIVED) {
                return Uni.createFrom().failure(new TallyException(Reason.INVALID_STATE,
                        "plan " + row.planId + " is archived and cannot get new versions"));
            }
            List<TallyException.FieldViolation> fixed = new java.util.ArrayList<>();
            if (!row.planCode.equals(plan.planCode())) {
                fixed.add(new TallyException.FieldViolation("plan.plan_code", "must stay '" + row.planCode + "'"));
            }
            if (!row.currencyCode.equals(plan.currency())) {
                fixed.add(new TallyException.FieldViolation("plan.currency_code", "must stay '" + row.currencyCode + "'"));
            }
            if (row.consumptionModel != plan.terms().model().model()) {
                fixed.add(new TallyException.FieldViolation("plan.consumption_model",
                        "must stay " + row.consumptionModel.name().toLowerCase() + ": a plan keeps its consumption model"));
            }
            if (!fixed.isEmpty()) {
                return Uni.createFrom().failure(TallyException.invalid(fixed));
            }
            row.latestVersion++;
            PlanVersionEntity version = PlanMapping.toRow(row.planId, row.latestVersion, plan.terms(), clock.instant());
            return versions.persist(version).map(ignored -> respond.apply(PlanMapping.toDomain(row, version)));
        }));
    }

    public <P extends MessageLite> Uni<Reply<P>> archive(String planId, RequestKey key, Replies<P> replies,
                                                         Function<PlanVersion, P> respond) {
        return Transactions.once(key, replies, clock, () -> plans.findById(planId).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().failure(notFound(planId));
            }
            if (row.status != PlanStatus.ARCHIVED) {
                row.status = PlanStatus.ARCHIVED;
                row.archiveTime = clock.instant();
            }
            return versions.findById(PlanVersionEntity.id(planId, row.latestVersion))
                    .map(version -> respond.apply(PlanMapping.toDomain(row, version)));
        }));
    }

    /** One version (0 = the latest) with the plan's current status. */
    public Uni<PlanVersion> get(String planId, int version) {
        return Panache.withSession(() -> planVersions.current(planId, version));
    }

    /** A page of versions in (plan_code, version) order. */
    public Uni<List<PlanVersion>> list(String planCode, boolean includeArchived, boolean allVersions,
                                       String afterCode, int afterVersion, int limit) {
        return Panache.withSession(() -> versions.page(planCode, includeArchived, allVersions, afterCode, afterVersion, limit))
                .map(rows -> rows.stream()
                        .map(r -> PlanMapping.toDomain((PlanEntity) r[0], (PlanVersionEntity) r[1])).toList());
    }

    private static TallyException codeTaken(String planCode) {
        return new TallyException(Reason.RESOURCE_ALREADY_EXISTS,
                "a plan with plan_code '" + planCode + "' already exists", Map.of("plan_code", planCode), List.of());
    }

    static TallyException notFound(String planId) {
        return new TallyException(Reason.RESOURCE_NOT_FOUND, "plan " + planId + " does not exist",
                Map.of("plan_id", planId));
    }
}
