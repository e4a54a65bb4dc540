package dev.tally.invoice.app;

import dev.tally.invoice.client.WalletClient;
import dev.tally.invoice.domain.BillingPeriod;
import dev.tally.invoice.domain.PeriodGrant;
import dev.tally.invoice.domain.PeriodStep;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.store.PeriodSteps;
import dev.tally.invoice.store.PeriodStore;
import dev.tally.invoice.store.PlanStore;
import dev.tally.invoice.store.Transactions;
import dev.tally.shared.money.Money;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The GRANT step of a period: the plan's credits (CREDITS) or spending balance (BALANCE) granted in
 * the wallet in force exactly for the period (effective = period start, expire = period end,
 * period_reference = the period id), under the idempotency key of (subscription, period, GRANT).
 * Made right after the period opens; if the wallet cannot be reached then (or invoice-service was
 * down), the billing job makes it later with the same bounds, even once the period has ended (an
 * expire time in the past, which the wallet accepts up to its late-grant limit): a late grant
 * still pays the period's shortfall that occurred inside its window and the period's late events,
 * and the period's close waits for it ({@link PeriodCloser}), so N's usage is never settled before
 * N's grant paid what it could. A grant the wallet refuses as past its late-grant limit is not
 * made (logged): the period's usage is billed as shortfall.
 */
@ApplicationScoped
public class PeriodGrants {

    private static final Logger LOG = Logger.getLogger(PeriodGrants.class);

    private final PeriodStore periods;
    private final PeriodSteps steps;
    private final PlanStore plans;
    private final WalletClient wallet;
    private final Clock clock;

    PeriodGrants(PeriodStore periods, PeriodSteps steps, PlanStore plans, WalletClient wallet, Clock clock) {
        this.periods = periods;
        this.steps = steps;
        this.plans = plans;
        this.wallet = wallet;
        this.clock = clock;
    }

    /** Makes the period's grant unless done (or another replica is making it); its own transaction. */
    public Uni<Void> grant(String periodId) {
        return Transactions.inTransaction(() -> Transactions.tryLock("grant:" + periodId)
                .flatMap(locked -> !locked
                        ? Uni.createFrom().voidItem()
                        : periods.find(periodId)
                                .flatMap(period -> period == null || period.grantDone()
                                        ? Uni.createFrom().voidItem()
                                        : plans.terms(period.plan()).flatMap(plan -> apply(period, plan)))));
    }

    /** {@link #grant}, logging instead of failing: the job retries what did not happen. */
    public Uni<Void> tryGrant(String periodId) {
        return grant(periodId).onFailure().recoverWithUni(e -> {
            LOG.warnf("grant of period %s postponed to the billing job: %s", periodId, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> apply(BillingPeriod period, PlanVersion plan) {
        PeriodGrant grant = PeriodGrant.of(plan.terms());
        if (grant == null) {
            return record(period, new byte[0]);
        }
        String description = plan.terms().displayName() + " "
                + (grant.amount().currency().equals(Money.CREDITS) ? "credits" : "balance") + ", "
                + period.bounds().start() + " to " + period.bounds().end();
        return wallet.grantForPeriod(
                        period.customerId(),
                        grant,
                        period.bounds(),
                        period.periodId(),
                        period.subscriptionId(),
                        description,
                        PeriodStep.GRANT.walletKey(period.periodId()))
                .flatMap(answer -> {
                    if (answer == null) {
                        LOG.warnf(
                                "the wallet refused the grant of period %s (ended %s) as past its late-grant limit;"
                                        + " the period's usage is billed as shortfall",
                                period.periodId(), period.bounds().end());
                        return record(period, new byte[0]);
                    }
                    return record(period, answer);
                });
    }

    /** The period granted, and the step recorded with the wallet's answer. */
    private Uni<Void> record(BillingPeriod period, byte[] answer) {
        return periods.update(period.granted())
                .chain(() -> steps.record(period.periodId(), PeriodStep.GRANT, answer, clock.instant()));
    }
}
