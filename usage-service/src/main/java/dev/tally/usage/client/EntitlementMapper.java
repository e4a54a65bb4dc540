package dev.tally.usage.client;

import dev.tally.common.v1.ItemError;
import dev.tally.invoice.v1.GetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.Plan;
import dev.tally.kit.plan.PlanEnums;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.PlanFeature;
import io.grpc.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** invoice-service's entitlements (tally.invoice.v1) as the domain's {@link Entitlement}. */
public final class EntitlementMapper {

    private EntitlementMapper() {}

    public static Entitlement entitlement(GetCustomerEntitlementsResponse r) {
        Plan plan = r.getPlan();
        Map<String, PlanFeature> features = new HashMap<>();
        ConsumptionModel model = switch (plan.getConsumptionModelCase()) {
            case METERED -> {
                plan.getMetered()
                        .getFeaturesList()
                        .forEach(f -> put(
                                features,
                                PlanFeature.metered(
                                        f.getFeature().getFeatureCode(),
                                        meterType(f.getFeature().getMeterType()),
                                        policy(f.getFeature().getOveragePolicy()),
                                        decimal(f.getIncludedUnits()))));
                yield ConsumptionModel.METERED;
            }
            case CREDITS -> {
                plan.getCredits()
                        .getFeaturesList()
                        .forEach(f -> put(
                                features,
                                PlanFeature.credits(
                                        f.getFeature().getFeatureCode(),
                                        meterType(f.getFeature().getMeterType()),
                                        policy(f.getFeature().getOveragePolicy()),
                                        decimal(f.getCreditsPerUnit()))));
                yield ConsumptionModel.CREDITS;
            }
            case BALANCE -> {
                plan.getBalance().getFeaturesList().forEach(f -> {
                    MeterType type = meterType(f.getFeature().getMeterType());
                    OveragePolicy policy = policy(f.getFeature().getOveragePolicy());
                    put(
                            features,
                            type == MeterType.TOKENS
                                    ? PlanFeature.balanceTokens(
                                            f.getFeature().getFeatureCode(), policy, decimal(f.getMargin()))
                                    : PlanFeature.balanceUnits(
                                            f.getFeature().getFeatureCode(),
                                            policy,
                                            decimal(f.getUnitPrice().getAmount())));
                });
                yield ConsumptionModel.BALANCE;
            }
            case CONSUMPTIONMODEL_NOT_SET ->
                throw new TallyException(
                        Reason.INTERNAL_ERROR, "invoice-service sent a plan without a consumption model");
        };
        return new Entitlement(
                r.getCustomerId(),
                r.getSubscription().getSubscriptionId(),
                plan.getPlanId(),
                plan.getPlanVersion(),
                model,
                plan.getCurrencyCode(),
                features,
                new Period(
                        micros(instant(r.getPeriod().getStartTime())),
                        micros(instant(r.getPeriod().getEndTime()))),
                instant(r.getGraceEndTime()),
                r.getPeriodClosed(),
                r.hasClosedBeforeTime() ? instant(r.getClosedBeforeTime()) : null,
                r.hasCacheUntilTime() ? instant(r.getCacheUntilTime()) : null);
    }

    /** The failure an entitlements item error stands for (CUSTOMER_NOT_FOUND, NO_ACTIVE_SUBSCRIPTION, ...). */
    public static TallyException failure(ItemError error) {
        Status.Code code = Status.fromCodeValue(error.getCode()).getCode();
        if (code == Status.Code.UNAVAILABLE) {
            return TallyException.unavailable("invoice-service is unavailable and the customer's plan is not cached");
        }
        return new TallyException(
                code,
                error.getReason(),
                error.getMessage(),
                error.getMetadataMap(),
                error.getFieldViolationsList().stream()
                        .map(v -> new TallyException.FieldViolation(v.getField(), v.getDescription()))
                        .toList());
    }

    private static void put(Map<String, PlanFeature> features, PlanFeature feature) {
        features.put(feature.code(), feature);
    }

    /** A feature's meter type; unset (an older invoice-service): units. */
    private static MeterType meterType(dev.tally.invoice.v1.MeterType type) {
        return Objects.requireNonNullElse(PlanEnums.meterType(type), MeterType.UNITS);
    }

    /** A feature's overage policy; unset: allow. */
    private static OveragePolicy policy(dev.tally.invoice.v1.OveragePolicy policy) {
        return Objects.requireNonNullElse(PlanEnums.overagePolicy(policy), OveragePolicy.ALLOW);
    }

    private static BigDecimal decimal(String text) {
        return text == null || text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
    }

    private static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** A period bound as usage_event and usage_allowance keep it (PostgreSQL's precision). */
    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
