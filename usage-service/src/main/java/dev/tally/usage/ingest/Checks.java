package dev.tally.usage.ingest;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.client.Entitlements;
import dev.tally.usage.client.WalletGateway;
import dev.tally.usage.domain.CheckRule;
import dev.tally.usage.domain.ChargeRule;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.PlanFeature;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.store.UsageQueries;
import dev.tally.usage.v1.CheckReason;
import dev.tally.usage.v1.CheckResponse;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.ReserveRequest;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

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

    /** How a reserving Check answer is stored with its key and replayed. */
    public static final Replies<CheckResponse> CHECK =
            Replies.of(CheckResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    public static final String CHECK_METHOD = "Check";

    /** A valid Check request. {@code quantity} null: no estimate; {@code key} set only with reserve. */
    public record CheckQuery(String customerId, String featureCode, Quantity quantity, RequestKey key,
                             Instant holdExpireTime) {
    }

    private final Entitlements entitlements;
    private final Pricing pricing;
    private final UsageQueries queries;
    private final WalletGateway wallet;
    private final Pool pool;
    private final Clock clock;
    private final IdempotencyStore records = new IdempotencyStore();

    Checks(Entitlements entitlements, Pricing pricing, UsageQueries queries, WalletGateway wallet, Pool pool, Clock clock) {
        this.entitlements = entitlements;
        this.pricing = pricing;
        this.queries = queries;
        this.wallet = wallet;
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<CheckResponse> check(CheckQuery query) {
        Instant now = clock.instant();
        return entitlements.resolve(query.customerId(), now)
                .onFailure(Checks::noSubscription).recoverWithItem(() -> null)
                .flatMap(plan -> {
                    if (plan == null) {
                        return answer(false, CheckReason.CHECK_REASON_NO_ACTIVE_SUBSCRIPTION);
                    }
                    PlanFeature feature = plan.feature(query.featureCode());
                    if (feature == null) {
                        return answer(false, CheckReason.CHECK_REASON_FEATURE_NOT_ON_PLAN);
                    }
                    EventCharge estimate = null;
                    if (query.quantity() != null) {
                        ChargeRule.requireFits(feature, query.quantity(), "");
                        estimate = pricing.charge(plan, feature, query.quantity(), now);
                    }
                    return plan.model() == ConsumptionModel.METERED ? metered(plan, feature, estimate)
                            : wallet(query, plan, feature, estimate, now);
                });
    }

    private static boolean noSubscription(Throwable failure) {
        return failure instanceof TallyException e && e.is(Reason.NO_ACTIVE_SUBSCRIPTION);
    }

    private static Uni<CheckResponse> answer(boolean allowed, CheckReason reason) {
        return Uni.createFrom().item(CheckResponse.newBuilder().setAllowed(allowed).setReason(reason).build());
    }

    private Uni<CheckResponse> metered(Entitlement plan, PlanFeature feature, EventCharge estimate) {
        return queries.allowanceUsed(plan.customerId(), plan.period().start(), feature.code()).map(used -> {
            BigDecimal left = feature.includedUnits().subtract(used).max(BigDecimal.ZERO);
            CheckRule.Decision d = CheckRule.metered(feature.overagePolicy(), estimate == null ? null : estimate.units(), left);
            CheckResponse.Builder b = CheckResponse.newBuilder().setAllowed(d.allowed()).setReason(reason(d.reason()))
                    .setRemaining(EventMessages.metered(feature.includedUnits(), used));
            estimate(b, estimate, null);
            return b.build();
        });
    }

    private Uni<CheckResponse> wallet(CheckQuery query, Entitlement plan, PlanFeature feature, EventCharge estimate, Instant now) {
        String unit = plan.walletUnit();
        boolean credits = plan.model() == ConsumptionModel.CREDITS;
        if (query.key() != null && estimate != null && estimate.amount().signum() > 0) {
            return pool.withConnection(c -> records.find(c, query.key().slot())).flatMap(stored -> {
                if (stored != null) {
                    if (!query.key().sameRequestAs(stored)) {
                        throw TallyException.idempotencyKeyReused(query.key().key());
                    }
                    return Uni.createFrom().item(CHECK.replay(stored.response()));
                }
                return reserve(query, feature, estimate, unit, credits, now);
            });
        }
        return balance(query.customerId(), unit).map(balance -> {
            BigDecimal available = decimal(balance == null ? null : balance.getAvailable().getAmount());
            CheckRule.Decision d = CheckRule.wallet(plan.model(), feature.overagePolicy(),
                    estimate == null ? null : estimate.amount(), available);
            CheckResponse.Builder b = CheckResponse.newBuilder().setAllowed(d.allowed()).setReason(reason(d.reason()))
                    .setRemaining(remaining(credits, unit, balance));
            estimate(b, estimate, null);
            return b.build();
        });
    }

    private Uni<CheckResponse> reserve(CheckQuery query, PlanFeature feature, EventCharge estimate, String unit,
                                       boolean credits, Instant now) {
        ReserveRequest.Builder request = ReserveRequest.newBuilder().setCustomerId(query.customerId())
                .setAmount(EventMessages.money(estimate.amount(), unit)).setIdempotencyKey("hold:" + query.key().key())
                .setReference(query.key().key()).setDescription("Check reserve: " + query.featureCode());
        if (query.holdExpireTime() != null) {
            request.setExpireTime(ProtoTime.timestamp(query.holdExpireTime()));
        }
        return wallet.reserve(request.build()).flatMap(reserved -> {
            CheckResponse.Builder b = CheckResponse.newBuilder().setAllowed(true).setReason(CheckReason.CHECK_REASON_COVERED)
                    .setRemaining(remaining(credits, unit, reserved.getBalance()))
                    .setHoldId(reserved.getHold().getHoldId()).setHoldAmount(reserved.getHold().getAmount())
                    .setHoldExpireTime(reserved.getHold().getExpireTime());
            estimate(b, estimate, null);
            CheckResponse response = b.build();
            return records.retryOnRace(() -> pool.withTransaction(tx -> records.once(tx, query.key(), CHECK, now,
                    () -> Uni.createFrom().item(response)))).map(reply -> reply.response());
        }).onFailure(Checks::insufficient).recoverWithUni(refused -> balance(query.customerId(), unit).map(balance -> {
            CheckRule.Decision d = CheckRule.uncovered(credits ? ConsumptionModel.CREDITS : ConsumptionModel.BALANCE,
                    feature.overagePolicy());
            CheckResponse.Builder b = CheckResponse.newBuilder().setAllowed(d.allowed()).setReason(reason(d.reason()))
                    .setRemaining(remaining(credits, unit, balance));
            estimate(b, estimate, null);
            return b.build();
        }));
    }

    private static boolean insufficient(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        return status.getCode() == Status.Code.FAILED_PRECONDITION;
    }

    /** The wallet's balance of the unit; null when the customer has no wallet yet (nothing available). */
    private Uni<Balance> balance(String customerId, String unit) {
        return wallet.balance(customerId, unit)
                .map(r -> r.getBalancesCount() == 0 ? null : r.getBalances(0))
                .onFailure(f -> Status.fromThrowable(f).getCode() == Status.Code.NOT_FOUND).recoverWithItem(() -> null);
    }

    private static dev.tally.usage.v1.Remaining remaining(boolean credits, String unit, Balance balance) {
        if (balance == null) {
            return EventMessages.wallet(credits, unit, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        return EventMessages.wallet(credits, unit, decimal(balance.getAvailable().getAmount()),
                decimal(balance.getHeld().getAmount()), decimal(balance.getShortfall().getAmount()));
    }

    private static void estimate(CheckResponse.Builder b, EventCharge estimate, BigDecimal shortfall) {
        if (estimate == null) {
            return;
        }
        b.setEstimatedCharge(EventMessages.charge(estimate, null, shortfall));
        if (estimate.tokenCost() != null) {
            b.setEstimatedTokenCost(EventMessages.tokenCost(estimate.tokenCost()));
        }
    }

    private static BigDecimal decimal(String text) {
        return text == null || text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
    }

    private static CheckReason reason(CheckRule.Reason reason) {
        return switch (reason) {
            case WITHIN_ALLOWANCE -> CheckReason.CHECK_REASON_WITHIN_ALLOWANCE;
            case OVERAGE -> CheckReason.CHECK_REASON_OVERAGE;
            case COVERED -> CheckReason.CHECK_REASON_COVERED;
            case INSUFFICIENT_CREDITS -> CheckReason.CHECK_REASON_INSUFFICIENT_CREDITS;
            case INSUFFICIENT_BALANCE -> CheckReason.CHECK_REASON_INSUFFICIENT_BALANCE;
            case FEATURE_NOT_ON_PLAN -> CheckReason.CHECK_REASON_FEATURE_NOT_ON_PLAN;
            case NO_ACTIVE_SUBSCRIPTION -> CheckReason.CHECK_REASON_NO_ACTIVE_SUBSCRIPTION;
            case ALLOWANCE_EXHAUSTED -> CheckReason.CHECK_REASON_ALLOWANCE_EXHAUSTED;
        };
    }
}
