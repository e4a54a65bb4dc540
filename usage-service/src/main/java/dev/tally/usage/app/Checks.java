package dev.tally.usage.app;

import com.google.protobuf.MessageLite;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.usage.client.Entitlements;
import dev.tally.usage.client.WalletGateway;
import dev.tally.usage.domain.ChargeRule;
import dev.tally.usage.domain.CheckRule;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.PlanFeature;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.store.UsageQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * Check: "may this customer use this feature (for this much)?", for the three consumption models,
 * without recording anything ({@link CheckRule}); with {@code reserve} it places a wallet hold for
 * the estimated charge (wallet key {@code "hold:" + idempotency_key}) and stores the answer with the
 * key (method "Check", in the customer's event key space), so a retry returns the same hold. A
 * reserve the wallet refuses (INSUFFICIENT_FUNDS: parallel reserves together exceed the available
 * balance) answers without a hold and stores nothing.
 */
@ApplicationScoped
public class Checks {

    /** A valid Check request. {@code quantity} null: no estimate; {@code key} set only with reserve. */
    public record CheckQuery(
            String customerId, String featureCode, Quantity quantity, RequestKey key, Instant holdExpireTime) {}

    private final Entitlements entitlements;
    private final Pricing pricing;
    private final UsageQueries queries;
    private final WalletGateway wallet;
    private final Pool pool;
    private final IdempotencyStore records;
    private final Clock clock;

    Checks(
            Entitlements entitlements,
            Pricing pricing,
            UsageQueries queries,
            WalletGateway wallet,
            Pool pool,
            IdempotencyStore records,
            Clock clock) {
        this.entitlements = entitlements;
        this.pricing = pricing;
        this.queries = queries;
        this.wallet = wallet;
        this.pool = pool;
        this.records = records;
        this.clock = clock;
    }

    /**
     * The answer to a Check.
     *
     * @param respond the response to an answer (stored with a reserve's key)
     * @param replies how that response is stored and replayed
     */
    public <P extends MessageLite> Uni<P> check(
            CheckQuery query, Function<CheckAnswer, P> respond, Replies<P> replies) {
        Instant now = clock.instant();
        return entitlements
                .resolve(query.customerId(), now)
                .onFailure(Checks::noSubscription)
                .recoverWithItem(() -> null)
                .flatMap(plan -> {
                    if (plan == null) {
                        return answer(CheckAnswer.refused(CheckRule.Reason.NO_ACTIVE_SUBSCRIPTION), respond);
                    }
                    PlanFeature feature = plan.feature(query.featureCode());
                    if (feature == null) {
                        return answer(CheckAnswer.refused(CheckRule.Reason.FEATURE_NOT_ON_PLAN), respond);
                    }
                    EventCharge estimate = null;
                    if (query.quantity() != null) {
                        ChargeRule.requireFits(feature, query.quantity(), "");
                        estimate = pricing.charge(plan, feature, query.quantity(), now);
                    }
                    return plan.model() == ConsumptionModel.METERED
                            ? metered(plan, feature, estimate).map(respond)
                            : wallet(query, plan, feature, estimate, now, respond, replies);
                });
    }

    private static boolean noSubscription(Throwable failure) {
        return failure instanceof TallyException e && e.is(Reason.NO_ACTIVE_SUBSCRIPTION);
    }

    private static <P> Uni<P> answer(CheckAnswer answer, Function<CheckAnswer, P> respond) {
        return Uni.createFrom().item(respond.apply(answer));
    }

    private Uni<CheckAnswer> metered(Entitlement plan, PlanFeature feature, EventCharge estimate) {
        return queries.allowanceUsed(plan.customerId(), plan.period().start(), feature.code())
                .map(used -> {
                    BigDecimal left = feature.includedUnits().subtract(used).max(BigDecimal.ZERO);
                    CheckRule.Decision d = CheckRule.metered(
                            feature.overagePolicy(), estimate == null ? null : estimate.units(), left);
                    return new CheckAnswer(d, new CheckAnswer.Allowance(feature.includedUnits(), used), estimate, null);
                });
    }

    private <P extends MessageLite> Uni<P> wallet(
            CheckQuery query,
            Entitlement plan,
            PlanFeature feature,
            EventCharge estimate,
            Instant now,
            Function<CheckAnswer, P> respond,
            Replies<P> replies) {
        String unit = plan.walletUnit();
        boolean credits = plan.model() == ConsumptionModel.CREDITS;
        if (query.key() != null && estimate != null && estimate.amount().signum() > 0) {
            return pool.withConnection(c -> records.find(c, query.key().slot())).flatMap(stored -> {
                if (stored != null) {
                    if (!query.key().sameRequestAs(stored)) {
                        throw TallyException.idempotencyKeyReused(query.key().key());
                    }
                    return Uni.createFrom().item(replies.replay(stored.response()));
                }
                return reserve(query, feature, estimate, unit, credits, now, respond, replies);
            });
        }
        return wallet.balance(query.customerId(), unit).map(balance -> {
            CheckRule.Decision d = CheckRule.wallet(
                    plan.model(),
                    feature.overagePolicy(),
                    estimate == null ? null : estimate.amount(),
                    balance.available());
            return respond.apply(new CheckAnswer(d, new CheckAnswer.Wallet(credits, unit, balance), estimate, null));
        });
    }

    private <P extends MessageLite> Uni<P> reserve(
            CheckQuery query,
            PlanFeature feature,
            EventCharge estimate,
            String unit,
            boolean credits,
            Instant now,
            Function<CheckAnswer, P> respond,
            Replies<P> replies) {
        return wallet.reserve(
                        query.customerId(),
                        estimate.amount(),
                        unit,
                        "hold:" + query.key().key(),
                        query.key().key(),
                        "Check reserve: " + query.featureCode(),
                        query.holdExpireTime())
                .flatMap(reserved -> {
                    if (reserved.isEmpty()) {
                        // the wallet refused the hold (parallel reserves together exceed the balance): nothing is
                        // stored
                        return wallet.balance(query.customerId(), unit)
                                .map(balance -> respond.apply(new CheckAnswer(
                                        CheckRule.uncovered(
                                                credits ? ConsumptionModel.CREDITS : ConsumptionModel.BALANCE,
                                                feature.overagePolicy()),
                                        new CheckAnswer.Wallet(credits, unit, balance),
                                        estimate,
                                        null)));
                    }
                    P response = respond.apply(new CheckAnswer(
                            new CheckRule.Decision(true, CheckRule.Reason.COVERED),
                            new CheckAnswer.Wallet(credits, unit, reserved.get().balance()),
                            estimate,
                            reserved.get().hold()));
                    return records.retryOnRace(() -> pool.withTransaction(tx -> records.once(
                                    tx,
                                    query.key(),
                                    replies,
                                    now,
                                    () -> Uni.createFrom().item(response))))
                            .map(Reply::response);
                });
    }
}
