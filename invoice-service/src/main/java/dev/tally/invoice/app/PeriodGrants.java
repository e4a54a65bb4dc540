package dev.tally.invoice.app;

import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.domain.PeriodGrant;
import dev.tally.invoice.domain.PeriodStep;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.store.BillingPeriodEntity;
import dev.tally.invoice.store.BillingPeriodRepository;
import dev.tally.invoice.store.Locks;
import dev.tally.invoice.store.PeriodStepRepository;
import dev.tally.invoice.store.PlanVersions;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * The GRANT step of a period: the plan's credits (CREDITS) or spending balance (BALANCE) granted in
 * the wallet in force exactly for the period (effective = period start, expire = period end,
 * period_reference = the period id), under the idempotency key of (subscription, period, GRANT).
 * Made right after the period opens; if the wallet cannot be reached then, the billing job makes
 * it later (a late grant still pays the period's shortfall that occurred before it: the wallet
 * lets a period's grant pay shortfall that occurred inside its window).
 */
@ApplicationScoped
public class PeriodGrants {

    private static final Logger LOG = Logger.getLogger(PeriodGrants.class);

    private final BillingPeriodRepository periods;
    private final PeriodStepRepository steps;
    private final PlanVersions plans;
    private final WalletClient wallet;
    private final Clock clock;

    PeriodGrants(BillingPeriodRepository periods, PeriodStepRepository steps, PlanVersions plans, WalletClient wallet,
                 Clock clock) {
        this.periods = periods;
        this.steps = steps;
        this.plans = plans;
        this.wallet = wallet;
        this.clock = clock;
    }

    /** Makes the period's grant unless done (or another replica is making it); its own transaction. */
    public Uni<Void> grant(String periodId) {
        return Panache.withTransaction(() -> Locks.tryLock("grant:" + periodId).flatMap(locked -> !locked
                ? Uni.createFrom().voidItem()
                : periods.findById(periodId).flatMap(period -> period == null || period.grantDone
                        ? Uni.createFrom().voidItem()
                        : plans.terms(period.planVersionId).flatMap(plan -> apply(period, plan)))));
    }

    /** {@link #grant}, logging instead of failing: the job retries what did not happen. */
    public Uni<Void> tryGrant(String periodId) {
        return grant(periodId).onFailure().recoverWithUni(e -> {
            LOG.warnf("grant of period %s postponed to the billing job: %s", periodId, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> apply(BillingPeriodEntity period, PlanVersion plan) {
        PeriodGrant grant = PeriodGrant.of(plan.terms());
        if (grant == null || !period.endTime.isAfter(clock.instant())) {
            if (grant != null) {
                LOG.warnf("period %s ended before its grant could be made; its usage is billed as shortfall", period.periodId);
            }
            period.grantDone = true;
            return steps.record(period.periodId, PeriodStep.GRANT, new byte[0], clock.instant());
        }
        GrantCreditsRequest request = GrantCreditsRequest.newBuilder()
                .setCustomerId(period.customerId)
                .setAmount(dev.tally.common.v1.Money.newBuilder().setAmount(grant.amount().amountText())
                        .setCurrencyCode(grant.amount().currency()))
                .setSource(switch (grant.source()) {
                    case SUBSCRIPTION -> GrantSource.GRANT_SOURCE_SUBSCRIPTION;
                    case PERIOD_BALANCE -> GrantSource.GRANT_SOURCE_PERIOD_BALANCE;
                })
                .setEffectiveTime(ProtoTime.timestamp(period.startTime))
                .setExpireTime(ProtoTime.timestamp(period.endTime))
                .setPeriodReference(period.periodId)
                .setReference(period.subscriptionId)
                .setDescription(plan.terms().displayName() + " " + (grant.amount().currency().equals("CREDITS")
                        ? "credits" : "balance") + ", " + period.startTime + " to " + period.endTime)
                .setIdempotencyKey(PeriodStep.GRANT.walletKey(period.periodId))
                .build();
        return wallet.grantCredits(request).flatMap(response -> {
            period.grantDone = true;
            return steps.record(period.periodId, PeriodStep.GRANT, response.toByteArray(), clock.instant());
        });
    }
}
