package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.domain.Ids;
import dev.tally.invoice.domain.NewPlan;
import dev.tally.invoice.domain.Plan;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans and their versions: CreatePlan writes version 1, UpdatePlan version N+1 (subscriptions stay
 * on theirs), ArchivePlan closes the plan to new subscriptions. Versions are never changed.
 */
@ApplicationScoped
public class Plans {

    private final PlanStore plans;
    private final IdempotentCalls calls;
    private final Clock clock;

    Plans(PlanStore plans, IdempotentCalls calls, Clock clock) {
        this.plans = plans;
        this.calls = calls;
        this.clock = clock;
    }

    public <P extends MessageLite> Uni<Reply<P>> create(
            NewPlan command, RequestKey key, Replies<P> replies, Function<PlanVersion, P> respond) {
        return calls.once(
                        key,
                        replies,
                        () -> plans.findByCode(command.planCode()).flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().failure(codeTaken(command.planCode()));
                            }
                            return plans.insert(Plan.create(Ids.plan(), command, clock.instant()), command.terms())
                                    .map(respond);
                        }))
                .onFailure(Transactions.uniqueViolationOn("plan"))
                .transform(e -> codeTaken(command.planCode()));
    }

    public <P extends MessageLite> Uni<Reply<P>> update(
            NewPlan command, RequestKey key, Replies<P> replies, Function<PlanVersion, P> respond) {
        return calls.once(
                key,
                replies,
                () -> existing(command.planId())
                        .flatMap(plan -> plans.addVersion(plan.nextVersion(command), command.terms(), clock.instant())
                                .map(respond)));
    }

    public <P extends MessageLite> Uni<Reply<P>> archive(
            String planId, RequestKey key, Replies<P> replies, Function<PlanVersion, P> respond) {
        return calls.once(
                key,
                replies,
                () -> existing(planId)
                        .flatMap(plan ->
                                plans.update(plan.archived(clock.instant())).map(respond)));
    }

    /** One version (0 = the latest) with the plan's current status. */
    public Uni<PlanVersion> get(String planId, int version) {
        return Transactions.inSession(() -> current(planId, version));
    }

    /** A page of versions in (plan_code, version) order, after the version {@code afterVersionId} (null: from the first). */
    public Uni<List<PlanVersion>> list(
            String planCode, boolean includeArchived, boolean allVersions, String afterVersionId, int limit) {
        return Transactions.inSession(() -> plans.page(planCode, includeArchived, allVersions, afterVersionId, limit));
    }

    /**
     * A version with the plan's current status, in the current session; {@code version} 0 means the
     * latest. NOT_FOUND (RESOURCE_NOT_FOUND) when the plan or version does not exist.
     */
    Uni<PlanVersion> current(String planId, int version) {
        return plans.version(planId, version)
                .onItem()
                .ifNull()
                .failWith(() -> new TallyException(
                        Reason.RESOURCE_NOT_FOUND,
                        version == 0
                                ? "plan " + planId + " does not exist"
                                : "plan " + planId + " has no version " + version,
                        Map.of("plan_id", planId)));
    }

    private Uni<Plan> existing(String planId) {
        return plans.find(planId)
                .onItem()
                .ifNull()
                .failWith(() -> new TallyException(
                        Reason.RESOURCE_NOT_FOUND, "plan " + planId + " does not exist", Map.of("plan_id", planId)));
    }

    private static TallyException codeTaken(String planCode) {
        return new TallyException(
                Reason.RESOURCE_ALREADY_EXISTS,
                "a plan with plan_code '" + planCode + "' already exists",
                Map.of("plan_code", planCode),
                List.of());
    }
}
